using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class ParserRegistryTests
{
    private readonly ParserRegistry _registry = ParserRegistry.CreateDefault();

    [Fact]
    public void SupportedExtensions_Default_ListsEveryFormatSorted()
    {
        Assert.Equal(
            [".csv", ".docx", ".htm", ".html", ".json", ".jsonl", ".log", ".markdown", ".md", ".ndjson", ".pdf", ".pptx", ".text", ".tsv", ".txt", ".xlsx"],
            _registry.SupportedExtensions);
    }

    [Theory]
    [InlineData("a/b/报告.PDF", typeof(PdfDocumentParser))]
    [InlineData("corpus.jsonl", typeof(JsonLinesParser))]
    [InlineData("page.HTM", typeof(HtmlDocumentParser))]
    [InlineData("server.log", typeof(PlainTextParser))]
    public void GetParser_KnownExtension_ReturnsParserIgnoringCase(string fileName, Type expected)
    {
        Assert.IsType(expected, _registry.GetParser(fileName));
    }

    [Fact]
    public void GetParser_UnknownExtension_ThrowsUnsupportedFormatListingSupported()
    {
        var ex = Assert.Throws<HunyuException>(() => _registry.GetParser("notes.xyz"));

        Assert.Equal(ErrorCode.UnsupportedFormat, ex.Error);
        Assert.Equal(
            "notes.xyz: .xyz is not a supported format; supported: .csv, .docx, .htm, .html, .json, .jsonl, .log, .markdown, .md, .ndjson, .pdf, .pptx, .text, .tsv, .txt, .xlsx",
            ex.Message);
    }

    [Fact]
    public void Parse_UnknownExtensionFixture_ThrowsUnsupportedFormat()
    {
        using var stream = Fixtures.Open("notes.xyz");

        var ex = Assert.Throws<HunyuException>(() => _registry.Parse(stream, "notes.xyz").ToList());

        Assert.Equal(ErrorCode.UnsupportedFormat, ex.Error);
        Assert.StartsWith("notes.xyz: .xyz is not a supported format", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void GetParser_NoExtension_SaysSo()
    {
        var ex = Assert.Throws<HunyuException>(() => _registry.GetParser("Makefile"));

        Assert.StartsWith("Makefile: a file without an extension is not a supported format; supported: .csv", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_TwoParsersForOneExtension_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new ParserRegistry([new PlainTextParser(), new PlainTextParser()]));

        Assert.Contains(".txt is claimed by both", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_Fixture_RoutesToParser()
    {
        using var stream = Fixtures.Open("beir-corpus.jsonl");

        var documents = _registry.Parse(stream, "beir-corpus.jsonl").ToList();

        Assert.Equal(3, documents.Count);
    }
}
