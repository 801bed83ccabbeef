using Hunyu.Core.Catalog;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>Bad inputs in a batch: each is reported with its code and file, the rest is ingested, and nothing good is lost.</summary>
public sealed class IngestionFailureTests
{
    private const string GoodText = "机房说明\n\n数据中心位于杭州滨江，编号 zqgoodfile 。\n";

    [Fact]
    public async Task IngestAsync_BatchWithBadFiles_ReportsEachWithItsCodeAndIngestsTheGoodOnes()
    {
        using var folder = new TestFolder();
        folder.Write("good.txt", GoodText);
        folder.Write("good.md", "# 报销\n\n差旅费用须在三十日内报销，编号 zqgoodmd 。\n");
        folder.WriteBytes("empty.txt", []);
        folder.WriteBytes("junk.txt", Junk());
        folder.WriteBytes("truncated.pdf", TruncatedPdf());
        folder.Write("not-a-zip.docx", "这不是一个 Word 文件，只是改了扩展名的文本。");
        folder.Write("notes.xyz", "未知格式的文件");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Equal(2, result.Report.Added);
        Assert.Equal(2, result.Documents);
        Assert.Single(await knowledge.SearchAsync("zqgoodfile"));
        Assert.Single(await knowledge.SearchAsync("zqgoodmd"));
        Assert.Equal(2, (await knowledge.AllDocumentsAsync()).Count);
        var failed = result.Report.Failed.ToDictionary(f => f.Input, StringComparer.Ordinal);
        Assert.Equal(["empty.txt", "junk.txt", "not-a-zip.docx", "truncated.pdf"], failed.Keys.Order(StringComparer.Ordinal));
        AssertFailure(failed["empty.txt"], "empty_input");
        AssertFailure(failed["junk.txt"], "corrupt_input");
        AssertFailure(failed["truncated.pdf"], "corrupt_input");
        AssertFailure(failed["not-a-zip.docx"], "corrupt_input");
        // Unsupported extensions are outside the default include globs: not listed, not read, not failed.
        Assert.Equal(6, result.Files);

        // The run log keeps the same failures.
        var run = Assert.Single(await knowledge.ListRunsAsync(10));
        Assert.Equal(result.Report.Failed.Select(f => f.Input).Order(StringComparer.Ordinal), run.Report!.Failed.Select(f => f.Input).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task IngestAsync_UnsupportedFileIncludedExplicitly_ReportsUnsupportedFormat()
    {
        using var folder = new TestFolder();
        folder.Write("good.txt", GoodText);
        folder.Write("notes.xyz", "未知格式的文件");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Include = ["**/*"] });

        var failure = Assert.Single(result.Report.Failed);
        AssertFailure(failure, "unsupported_format", "notes.xyz");
        Assert.Contains(".txt", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Report.Added);
    }

    [Fact]
    public async Task IngestAsync_FileOverMaxFileBytes_ReportsTooLargeWithTheLimitAndIngestsTheSmallOnes()
    {
        using var folder = new TestFolder();
        folder.Write("small.txt", "小文件，编号 zqsmall 。");
        folder.Write("big.txt", string.Concat(Enumerable.Repeat("大文件的内容很长。", 20)));
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, MaxFileBytes = 100 });

        var failure = Assert.Single(result.Report.Failed);
        AssertFailure(failure, "too_large", "big.txt");
        Assert.Contains("MaxFileBytes", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Report.Added);
        Assert.Single(await knowledge.SearchAsync("zqsmall"));
    }

    [Fact]
    public async Task IngestAsync_GoodFileTurnsCorrupt_KeepsTheEarlierVersionAndReportsTheFailure()
    {
        using var folder = new TestFolder();
        folder.Write("good.txt", GoodText);
        folder.Write("other.txt", "另一个文件，编号 zqother 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });
        var before = (await knowledge.AllDocumentsAsync()).Single(d => d.Key == "good.txt");
        folder.WriteBytes("good.txt", Junk());

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        AssertFailure(Assert.Single(result.Report.Failed), "corrupt_input", "good.txt");
        Assert.Equal(0, result.Report.Deleted);
        Assert.Equal(1, result.Report.Unchanged);
        var kept = await knowledge.GetDocumentAsync(before.Id, Principal.LocalAdmin);
        Assert.NotNull(kept);
        Assert.Equal(before.Version, kept.Version);
        Assert.Equal(before.ContentHash, kept.ContentHash);
        Assert.Equal(before.Id, Assert.Single(await knowledge.SearchAsync("zqgoodfile")).DocumentId);
    }

    [Fact]
    public async Task IngestAsync_GoodFileNowEmptyOrTooLarge_KeepsTheEarlierVersion()
    {
        using var folder = new TestFolder();
        folder.Write("emptied.txt", "将被清空的文件，编号 zqemptied 。");
        folder.Write("grown.txt", "将变大的文件，编号 zqgrown 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, MaxFileBytes = 200 });
        folder.WriteBytes("emptied.txt", []);
        folder.Write("grown.txt", string.Concat(Enumerable.Repeat("将变大的文件，编号 zqgrown 。", 20)));

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, MaxFileBytes = 200 });

        Assert.Equal(["emptied.txt:empty_input", "grown.txt:too_large"], result.Report.Failed.Select(f => $"{f.Input}:{f.Code}").Order(StringComparer.Ordinal));
        Assert.Equal(0, result.Report.Deleted);
        Assert.Equal(2, (await knowledge.AllDocumentsAsync()).Count);
        Assert.Single(await knowledge.SearchAsync("zqemptied"));
        Assert.Single(await knowledge.SearchAsync("zqgrown"));
    }

    [Fact]
    public async Task IngestAsync_JsonLinesWithABadLine_KeepsTheOtherRecordsAndDeletesNone()
    {
        using var folder = new TestFolder();
        folder.Write(Corpus.JsonLinesName, Corpus.JsonLines);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });
        var lines = Corpus.JsonLines.Split('\n');
        // law-2's line is now truncated JSON: it cannot be read, so it must not be deleted either.
        folder.Write(Corpus.JsonLinesName, $"{lines[0]}\n{lines[1][..20]}\n{lines[2]}\n");

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        var failure = Assert.Single(result.Report.Failed);
        AssertFailure(failure, "corrupt_input", Corpus.JsonLinesName);
        Assert.Contains("line 2", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(0, result.Report.Deleted);
        Assert.Equal(2, result.Report.Unchanged);
        Assert.Equal(3, (await knowledge.AllDocumentsAsync()).Count);
        Assert.Single(await knowledge.SearchAsync(Corpus.JsonLinesCode2));
    }

    [Fact]
    public async Task IngestAsync_DuplicateRecordIds_KeepsTheFirstAndReportsTheSecond()
    {
        using var folder = new TestFolder();
        folder.Write("dup.jsonl", """
            {"id": "a", "title": "第一条", "text": "第一条记录，编号 zqfirstcopy 。"}
            {"id": "a", "title": "第一条", "text": "重复的记录，编号 zqsecondcopy 。"}
            """);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        AssertFailure(Assert.Single(result.Report.Failed), "invalid_argument", "dup.jsonl#a");
        Assert.Equal(1, result.Report.Added);
        Assert.Single(await knowledge.SearchAsync("zqfirstcopy"));
        Assert.Empty(await knowledge.SearchAsync("zqsecondcopy"));
    }

    [Fact]
    public async Task IngestAsync_SubfolderCannotBeListed_KeepsTheDocumentsUnderIt()
    {
        // The connector reports a subfolder it cannot read (permission denied, I/O error, or a link it does not
        // follow) as one failure keyed "sub/". A link stands in for the unreadable folder here because the tests
        // may run as root, for whom permissions do not block listing.
        using var folder = new TestFolder();
        folder.Write("top.txt", "顶层文件，编号 zqtoplevel 。");
        folder.Write("sub/inner.txt", "子目录中的文件，编号 zqinnerfile 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });
        var moved = Path.Combine(folder.Source, "elsewhere");
        Directory.Move(Path.Combine(folder.Source, "sub"), moved);
        Directory.CreateSymbolicLink(Path.Combine(folder.Source, "sub"), moved);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Exclude = ["**/elsewhere/**"] });

        var failure = Assert.Single(result.Report.Failed);
        Assert.Equal("sub/", failure.Input);
        Assert.Equal(0, result.Report.Deleted);
        Assert.Single(await knowledge.SearchAsync("zqinnerfile"));
    }

    [Fact]
    public async Task IngestAsync_LinkToFolderOutsideRoot_ReportsTheLinkAndReadsNothingThrough()
    {
        using var folder = new TestFolder();
        folder.Write("top.txt", "顶层文件，编号 zqtoplevel 。");
        var target = Path.Combine(folder.Root, "outside");
        Directory.CreateDirectory(target);
        File.WriteAllText(Path.Combine(target, "inner.txt"), "根目录之外的文件，编号 zqoutside 。");
        Directory.CreateSymbolicLink(Path.Combine(folder.Source, "linked"), target);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        var failure = Assert.Single(result.Report.Failed);
        Assert.Equal("linked/", failure.Input);
        Assert.Contains("linked", failure.Reason, StringComparison.Ordinal);
        Assert.Equal(1, result.Report.Added);
        Assert.Empty(await knowledge.SearchAsync("zqoutside"));
    }

    private static void AssertFailure(IngestionFailure failure, string code, string? input = null)
    {
        Assert.Equal(code, failure.Code);
        Assert.Contains(input ?? failure.Input, failure.Reason, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', failure.Reason);
        if (input is not null)
        {
            Assert.Equal(input, failure.Input);
        }
    }

    /// <summary>Bytes that are no text: a PNG signature then seeded random bytes.</summary>
    private static byte[] Junk()
    {
        var bytes = new byte[3000];
        new Random(20_240_601).NextBytes(bytes);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        png.CopyTo(bytes, 0);
        return bytes;
    }

    /// <summary>The first half of the sample handbook PDF: a real PDF cut off before its cross-reference table.</summary>
    private static byte[] TruncatedPdf()
    {
        var whole = File.ReadAllBytes(Path.Combine(RepoPaths.Samples, "handbook", "it-security.pdf"));
        return whole[..(whole.Length / 2)];
    }
}
