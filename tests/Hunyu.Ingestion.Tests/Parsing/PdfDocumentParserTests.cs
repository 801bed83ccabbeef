using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class PdfDocumentParserTests
{
    private static readonly string[][][] TwoPages =
    [
        [["Leave policy"], ["Annual leave depends on years of service,", "counted from the first working day."], ["Sick leave needs a doctor's note."]],
        [["Expenses"], ["Claims are filed within ten days."]],
    ];

    private readonly PdfDocumentParser _parser = new();

    [Fact]
    public void Parse_TwoPages_KeepsPageNumbersAndParagraphs()
    {
        using var stream = new MemoryStream(PdfFixtures.Build("Employee handbook", TwoPages));

        var document = Assert.Single(_parser.Parse(stream, "handbook.pdf"));

        Assert.Equal(
            [
                new TextBlock(BlockKind.Paragraph, "Leave policy", Page: 1),
                new TextBlock(BlockKind.Paragraph, "Annual leave depends on years of service, counted from the first working day.", Page: 1),
                new TextBlock(BlockKind.Paragraph, "Sick leave needs a doctor's note.", Page: 1),
                new TextBlock(BlockKind.Paragraph, "Expenses", Page: 2),
                new TextBlock(BlockKind.Paragraph, "Claims are filed within ten days.", Page: 2),
            ],
            document.Blocks);
        Assert.Equal("Employee handbook", document.Title);
        Assert.Equal("2", document.Metadata["pages"]);
        Assert.False(document.Metadata.ContainsKey("warning"));
    }

    [Fact]
    public void Parse_NoInfoTitle_UsesFileName()
    {
        using var stream = new MemoryStream(PdfFixtures.Build(null, TwoPages));

        var document = Assert.Single(_parser.Parse(stream, "scans/handbook.pdf"));

        Assert.Equal("handbook.pdf", document.Title);
    }

    [Fact]
    public void Parse_ChineseText_HasNoSpacesBetweenCjkCharacters()
    {
        var pdf = PdfFixtures.BuildChinese(
            "员工手册",
            [["员工休假制度"], ["年假按工龄计算，满一年可休五天；", "满十年可休十天。"]],
            [["第二章 报销"], ["报销须在十日内提交。"]]);
        if (pdf is null)
        {
            Assert.Skip(PdfFixtures.CjkFontUnavailableReason);
        }

        using var stream = new MemoryStream(pdf);

        var document = Assert.Single(_parser.Parse(stream, "员工手册.pdf"));

        Assert.Equal("员工手册", document.Title);
        Assert.Equal(
            [
                new TextBlock(BlockKind.Paragraph, "员工休假制度", Page: 1),
                new TextBlock(BlockKind.Paragraph, "年假按工龄计算，满一年可休五天；满十年可休十天。", Page: 1),
                new TextBlock(BlockKind.Paragraph, "第二章报销", Page: 2),
                new TextBlock(BlockKind.Paragraph, "报销须在十日内提交。", Page: 2),
            ],
            document.Blocks);
    }

    [Fact]
    public void Parse_MorePagesThanLimit_StopsAndSaysSoInMetadata()
    {
        var parser = new PdfDocumentParser(maxPages: 2);
        using var stream = new MemoryStream(PdfFixtures.Build("Three", [["one"]], [["two"]], [["three"]]));

        var document = Assert.Single(parser.Parse(stream, "three.pdf"));

        Assert.Equal(["one", "two"], document.Blocks.Select(block => block.Text));
        Assert.Equal("3", document.Metadata["pages"]);
        Assert.Equal("2", document.Metadata["pages_read"]);
        Assert.Contains("IngestionLimits.MaxPdfPages", document.Metadata["warning"], StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_TruncatedPdf_ThrowsCorruptInputNamingFile()
    {
        var pdf = PdfFixtures.Build("Employee handbook", TwoPages);
        using var stream = new MemoryStream(pdf, 0, pdf.Length * 2 / 3);

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "truncated.pdf").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.StartsWith("truncated.pdf: not a readable PDF: ", ex.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', ex.Message);
    }

    [Fact]
    public void Parse_NotAPdf_ThrowsCorruptInput()
    {
        using var stream = Fixtures.Utf8("这不是 PDF 文件。");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "fake.pdf").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.StartsWith("fake.pdf: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EncryptedPdf_ThrowsCorruptInputSayingEncrypted()
    {
        // A Standard security handler whose keys match no password: the empty user password fails.
        var text = Encoding.Latin1.GetString(PdfFixtures.Build("Secret", TwoPages));
        var trailer = text.IndexOf("<<", text.LastIndexOf("trailer", StringComparison.Ordinal), StringComparison.Ordinal) + 2;
        var encrypt = $" /Encrypt << /Filter /Standard /V 1 /R 2 /O <{new string('A', 64)}> /U <{new string('B', 64)}> /P -4 >> ";
        using var stream = new MemoryStream(Encoding.Latin1.GetBytes(text.Insert(trailer, encrypt)));

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "secret.pdf").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.Equal("secret.pdf: is encrypted and needs a password", ex.Message);
    }

    [Fact]
    public void Parse_PagesWithoutText_ThrowsEmptyInput()
    {
        using var stream = new MemoryStream(PdfFixtures.Build("Scan", [], []));

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "scan.pdf").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.StartsWith("scan.pdf: contains no text", ex.Message, StringComparison.Ordinal);
    }
}
