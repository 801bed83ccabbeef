using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class CsvParserTests
{
    private readonly CsvParser _parser = new();

    [Fact]
    public void Parse_GbkFileWithQuotes_GivesOneDocumentPerRow()
    {
        using var stream = Fixtures.Open("policies-gbk.csv");

        var documents = _parser.Parse(stream, "policies-gbk.csv").ToList();

        Assert.Equal(2, documents.Count);
        var first = documents[0];
        Assert.Equal("HR-001", first.RecordKey);
        Assert.Equal("年假规定", first.Title);
        Assert.Equal(
            [new TextBlock(BlockKind.Paragraph, "部门: 人事部"), new TextBlock(BlockKind.Paragraph, "员工工作满一年后，享有带薪年假，\"年假\"不得跨年累计。")],
            first.Blocks);
        Assert.Equal(new Dictionary<string, string> { ["部门"] = "人事部" }, first.Metadata);
        Assert.Equal("HR-002", documents[1].RecordKey);
        Assert.Equal("报销单须附发票原件；\r\n金额超过五千元须经总监审批。", documents[1].Blocks[1].Text);
    }

    [Fact]
    public void Parse_SemicolonsWithoutIdOrTitle_UsesRowNumbers()
    {
        using var stream = Fixtures.Utf8("部门;负责人;电话\n人事部;王五;1001\n\n财务部;赵六;1002\n");

        var documents = _parser.Parse(stream, "contacts.csv").ToList();

        Assert.Equal(["1", "2"], documents.Select(document => document.RecordKey));
        Assert.Equal(["contacts.csv row 1", "contacts.csv row 2"], documents.Select(document => document.Title));
        Assert.Equal(["部门: 财务部", "负责人: 赵六", "电话: 1002"], documents[1].Blocks.Select(block => block.Text));
        Assert.Equal("赵六", documents[1].Metadata["负责人"]);
    }

    [Fact]
    public void Parse_TabsAndNameColumn_DetectsTabAndUsesNameAsTitle()
    {
        using var stream = Fixtures.Utf8("ID\tName\tBody\tExtra\n7\t会议室 A\t可容纳二十人。\t三楼\tsurplus\n");

        var document = Assert.Single(_parser.Parse(stream, "rooms.tsv"));

        Assert.Equal("7", document.RecordKey);
        Assert.Equal("会议室 A", document.Title);
        Assert.Equal(["可容纳二十人。", "Extra: 三楼", "column 5: surplus"], document.Blocks.Select(block => block.Text));
    }

    [Fact]
    public void Parse_LongValue_IsCappedInMetadataButWholeInBlocks()
    {
        var longValue = new string('长', 300);
        using var stream = Fixtures.Utf8($"title,note\n标题,{longValue}\n");

        var document = Assert.Single(_parser.Parse(stream, "long.csv"));

        Assert.Equal(256, document.Metadata["note"].Length);
        Assert.EndsWith("…", document.Metadata["note"], StringComparison.Ordinal);
        Assert.Equal("note: " + longValue, Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public void Parse_UnclosedQuote_YieldsEarlierRowsThenThrowsPartialFailure()
    {
        using var stream = Fixtures.Utf8("id,text\n1,第一行\n2,\"没有闭合的引号\n3,第三行\n");
        var read = new List<ParsedDocument>();

        var ex = Assert.Throws<HunyuException>(() =>
        {
            foreach (var document in _parser.Parse(stream, "open-quote.csv"))
            {
                read.Add(document);
            }
        });

        Assert.Equal("1", Assert.Single(read).RecordKey);
        Assert.Equal(ErrorCode.PartialFailure, ex.Error);
        Assert.StartsWith("open-quote.csv: 1 records read, 1 problem: row 2 (line 3): a quoted field is never closed", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_WithProblemList_ReportsInsteadOfThrowing()
    {
        using var stream = Fixtures.Utf8("id,text\n1,第一行\n2,\"没有闭合的引号\n");
        var problems = new List<ParseProblem>();

        var documents = _parser.Parse(stream, "open-quote.csv", problems).ToList();

        Assert.Single(documents);
        var problem = Assert.Single(problems);
        Assert.Equal("row 2 (line 3)", problem.Location);
        Assert.Equal(ErrorCode.CorruptInput, problem.Error);
    }

    [Fact]
    public void Parse_HeaderOnly_ThrowsEmptyInput()
    {
        using var stream = new MemoryStream(Fixtures.Gbk.GetBytes("标题,内容\r\n"));

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "header.csv").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.StartsWith("header.csv: contains no text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_MoreRowsThanLimit_StopsWithTooLarge()
    {
        var parser = new CsvParser(maxRecords: 2);
        var csv = new StringBuilder("id,text\n");
        for (var i = 1; i <= 5; i++)
        {
            csv.Append(i).Append(",第").Append(i).Append("行\n");
        }

        using var stream = Fixtures.Utf8(csv.ToString());
        var read = new List<ParsedDocument>();

        var ex = Assert.Throws<HunyuException>(() => read.AddRange(parser.Parse(stream, "many.csv").Select(document => document)));

        Assert.Equal(ErrorCode.TooLarge, ex.Error);
        Assert.Contains("limit is 2 records per file (IngestionLimits.MaxRecordsPerFile)", ex.Message, StringComparison.Ordinal);
    }
}
