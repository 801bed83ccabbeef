using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class JsonParserTests
{
    private readonly JsonParser _parser = new();

    [Fact]
    public void Parse_ArrayOfObjects_GivesRecordsWithMetadata()
    {
        const string json = """
            [
              {"id": "faq-1", "title": "如何申请年假", "content": "在 OA 系统提交申请。", "dept": "人事部", "views": 42, "tags": ["假期", "流程"], "owner": {"name": "王五"}},
              {"title": "报销时限", "text": "十日内提交。", "note": null}
            ]
            """;
        using var stream = Fixtures.Utf8(json);

        var documents = _parser.Parse(stream, "faq.json").ToList();

        Assert.Equal(2, documents.Count);
        var first = documents[0];
        Assert.Equal("faq-1", first.RecordKey);
        Assert.Equal("如何申请年假", first.Title);
        Assert.Equal([new TextBlock(BlockKind.Paragraph, "在 OA 系统提交申请。")], first.Blocks);
        Assert.Equal("人事部", first.Metadata["dept"]);
        Assert.Equal("42", first.Metadata["views"]);
        Assert.Equal("""["假期", "流程"]""", first.Metadata["tags"]);
        Assert.Equal("""{"name": "王五"}""", first.Metadata["owner"]);
        Assert.Equal("2", documents[1].RecordKey);
        Assert.Empty(documents[1].Metadata);
    }

    [Fact]
    public void Parse_RecordWithoutTextField_ListsScalarFieldsAsText()
    {
        using var stream = Fixtures.Utf8("""[{"name": "一号会议室", "floor": 3, "projector": true}]""");

        var document = Assert.Single(_parser.Parse(stream, "rooms.json"));

        Assert.Equal("一号会议室", document.Title);
        Assert.Equal(["floor: 3", "projector: true"], document.Blocks.Select(block => block.Text));
    }

    [Fact]
    public void Parse_SingleObject_GivesOneDocumentWithoutRecordKey()
    {
        using var stream = Fixtures.Utf8("""{"title": "公司简介", "body": "成立于 2001 年。", "city": "杭州"}""");

        var document = Assert.Single(_parser.Parse(stream, "about.json"));

        Assert.Null(document.RecordKey);
        Assert.Equal("公司简介", document.Title);
        Assert.Equal("成立于 2001 年。", Assert.Single(document.Blocks).Text);
        Assert.Equal("杭州", document.Metadata["city"]);
    }

    [Fact]
    public void Parse_WrappedArray_ReadsTheArray()
    {
        using var stream = Fixtures.Utf8("""{"data": [{"id": 1, "text": "甲"}, {"id": 2, "text": "乙"}]}""");

        var documents = _parser.Parse(stream, "export.json").ToList();

        Assert.Equal(["1", "2"], documents.Select(document => document.RecordKey));
    }

    [Fact]
    public void Parse_NonObjectElement_YieldsOthersThenPartialFailure()
    {
        using var stream = Fixtures.Utf8("""[{"text": "好"}, "坏", {"text": "也好"}]""");
        var read = new List<ParsedDocument>();

        var ex = Assert.Throws<HunyuException>(() =>
        {
            foreach (var document in _parser.Parse(stream, "mixed.json"))
            {
                read.Add(document);
            }
        });

        Assert.Equal(2, read.Count);
        Assert.Equal(ErrorCode.PartialFailure, ex.Error);
        Assert.Equal("mixed.json: 2 records read, 1 problem: element 2: is a string, not an object", ex.Message);
    }

    [Fact]
    public void Parse_InvalidJson_ThrowsCorruptInputNamingFile()
    {
        using var stream = Fixtures.Utf8("""[{"text": "没有结束""");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "bad.json").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.StartsWith("bad.json: not valid JSON: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_ScalarRoot_ThrowsCorruptInput()
    {
        using var stream = Fixtures.Utf8("42");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "number.json").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.Equal("number.json: the JSON is a number; expected an object or an array of objects", ex.Message);
    }

    [Theory]
    [InlineData("[]")]
    [InlineData("  ")]
    [InlineData("{\"id\": 1}")]
    public void Parse_NothingToRead_ThrowsEmptyInput(string json)
    {
        using var stream = Fixtures.Utf8(json);

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "empty.json").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.StartsWith("empty.json: contains no text", ex.Message, StringComparison.Ordinal);
    }
}
