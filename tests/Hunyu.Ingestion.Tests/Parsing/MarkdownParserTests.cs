using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class MarkdownParserTests
{
    private readonly MarkdownParser _parser = new();

    [Fact]
    public void Parse_Handbook_ProducesStructuredBlocksInOrder()
    {
        using var stream = Fixtures.Open("security-handbook.md");

        var document = Assert.Single(_parser.Parse(stream, "security-handbook.md"));

        Assert.Equal(
            [
                new TextBlock(BlockKind.Heading, "信息安全总则", 1),
                new TextBlock(BlockKind.Paragraph, "本手册规定了公司信息安全的基本要求。"),
                new TextBlock(BlockKind.Heading, "密码要求", 2),
                new TextBlock(BlockKind.ListItem, "密码长度不少于十二位；"),
                new TextBlock(BlockKind.ListItem, "每九十天更换一次。"),
                new TextBlock(BlockKind.ListItem, "不得与前五次相同。"),
                new TextBlock(BlockKind.TableRow, "等级 | 说明"),
                new TextBlock(BlockKind.TableRow, "机密 | 仅限授权人员"),
                new TextBlock(BlockKind.Code, "passwd --expire 90"),
                new TextBlock(BlockKind.Paragraph, "违反本手册者，按公司规定处理。"),
            ],
            document.Blocks);
    }

    [Fact]
    public void Parse_FrontMatterWithTitle_UsesItAndSkipsTheRest()
    {
        using var stream = Fixtures.Open("security-handbook.md");

        var document = Assert.Single(_parser.Parse(stream, "security-handbook.md"));

        Assert.Equal("信息安全手册", document.Title);
        Assert.DoesNotContain(document.Blocks, block => block.Text.Contains("信息部", StringComparison.Ordinal));
    }

    [Fact]
    public void Parse_NoFrontMatter_TitleIsFirstH1()
    {
        using var stream = Fixtures.Utf8("引言段落。\n\n## 小节\n\n# 报销制度\n\n内容。\n");

        var document = Assert.Single(_parser.Parse(stream, "a.md"));

        Assert.Equal("报销制度", document.Title);
    }

    [Fact]
    public void Parse_NoHeading_TitleIsFileName()
    {
        using var stream = Fixtures.Utf8("只有一段文字，\n中间有 [链接](http://example.com) 和 `代码`。\n");

        var document = Assert.Single(_parser.Parse(stream, "notes/readme.markdown"));

        Assert.Equal("readme.markdown", document.Title);
        // The soft line break between CJK characters is a source wrap and goes; typed spaces stay.
        Assert.Equal("只有一段文字，中间有 链接 和 代码。", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public void Parse_OnlyFrontMatter_ThrowsEmptyInput()
    {
        using var stream = Fixtures.Utf8("---\ntitle: 空文档\n---\n");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "empty.md").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.Equal("empty.md: contains no text", ex.Message);
    }
}
