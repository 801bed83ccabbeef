using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class PlainTextParserTests
{
    private readonly PlainTextParser _parser = new();

    [Fact]
    public void Parse_GbkFile_DecodesAndSplitsParagraphs()
    {
        using var stream = Fixtures.Open("leave-policy-gbk.txt");

        var document = Assert.Single(_parser.Parse(stream, "leave-policy-gbk.txt"));

        Assert.Equal("员工休假制度", document.Title);
        Assert.Null(document.RecordKey);
        Assert.Equal(
            ["员工休假制度", "年假按工龄计算：工作满一年不满十年的，年休假五天；满十年不满二十年的，年休假十天。", "病假需要提供医院证明，并在三日内提交人事部门。"],
            document.Blocks.Select(block => block.Text));
        Assert.All(document.Blocks, block => Assert.Equal(BlockKind.Paragraph, block.Kind));
        Assert.Equal("gb18030", document.Metadata["encoding"]);
        Assert.Equal("text", document.Metadata["format"]);
    }

    [Fact]
    public void Parse_Big5File_DecodesTraditionalChinese()
    {
        using var stream = Fixtures.Open("leave-policy-big5.txt");

        var document = Assert.Single(_parser.Parse(stream, "leave-policy-big5.txt"));

        Assert.Equal("員工請假規定", document.Title);
        Assert.Equal("big5", document.Metadata["encoding"]);
        Assert.Contains(document.Blocks, block => block.Text == "病假須檢附醫院證明，並於三日內送交人事單位。");
    }

    [Fact]
    public void Parse_LinesWithoutBlankLine_StayOneParagraph()
    {
        using var stream = Fixtures.Utf8("第一行\n第二行\r\n\r\n   \n第三段\n");

        var document = Assert.Single(_parser.Parse(stream, "a.txt"));

        Assert.Equal(["第一行\n第二行", "第三段"], document.Blocks.Select(block => block.Text));
    }

    [Fact]
    public void Parse_LongFirstLine_UsesFileNameAsTitle()
    {
        using var stream = Fixtures.Utf8(new string('长', 81) + "\n\n正文。");

        var document = Assert.Single(_parser.Parse(stream, "docs/long.txt"));

        Assert.Equal("long.txt", document.Title);
    }

    [Theory]
    [InlineData("empty.txt")]
    public void Parse_EmptyFile_ThrowsEmptyInputNamingFile(string name)
    {
        using var stream = Fixtures.Open(name);

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, name).ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.Equal("empty.txt: contains no text", ex.Message);
    }

    [Fact]
    public void Parse_WhitespaceOnly_ThrowsEmptyInput()
    {
        using var stream = Fixtures.Utf8(" \r\n\t\n　\n");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "blank.log").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.StartsWith("blank.log: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_BinaryJunk_ThrowsCorruptInputNamingFile()
    {
        using var stream = Fixtures.Open("junk.txt");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "junk.txt").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.Equal("junk.txt: looks binary, not text", ex.Message);
    }
}
