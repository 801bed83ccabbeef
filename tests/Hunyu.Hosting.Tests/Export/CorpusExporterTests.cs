using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Hosting.Evaluation;
using Hunyu.Hosting.Export;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Jobs;
using Hunyu.Search.Evaluation;

namespace Hunyu.Hosting.Tests.Export;

/// <summary>Exports of ingested folders through the facade: shapes, overlaps, PII, BEIR round trips and refusals.</summary>
public sealed class CorpusExporterTests
{
    [Fact]
    public async Task ExportAsync_Pretrain_WritesOneObjectPerDocumentWithEveryField()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "pretrain.jsonl");

        var result = await knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, [FaqFolder.Domain], output));

        var lines = ReadLines(output);
        Assert.Equal(FaqFolder.Documents, result.Documents);
        Assert.Equal(FaqFolder.Documents, result.Records);
        Assert.Equal(FaqFolder.Documents, lines.Count);
        Assert.Equal(new FileInfo(output).Length, result.Bytes);
        Assert.All(lines, line =>
        {
            foreach (var field in new[] { "id", "domain", "title", "text", "source", "uri" })
            {
                Assert.Equal(JsonValueKind.String, line.GetProperty(field).ValueKind);
            }

            Assert.Equal(JsonValueKind.Object, line.GetProperty("metadata").ValueKind);
            Assert.Equal(FaqFolder.Domain, line.GetProperty("domain").GetString());
        });
        var parking = Assert.Single(lines, line => line.GetProperty("title").GetString() == "地下停车场");
        Assert.Equal("停车场在地下二层,员工免费停车。", parking.GetProperty("text").GetString());
        Assert.False(File.Exists(output + ".partial"));
    }

    [Fact]
    public async Task ExportAsync_IsAuditedWithWhatLeftAndWhere_AndARefusalToo()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "sft.jsonl");

        var result = await knowledge.ExportAsync(new ExportRequest(ExportKind.Sft, [FaqFolder.Domain], output));
        await Assert.ThrowsAsync<HunyuException>(() => knowledge.ExportAsync(new ExportRequest(ExportKind.Sft, ["nosuch"], output + "2")));

        var entries = await knowledge.Audit.SearchAsync(new Core.Audit.AuditQuery { Action = Core.Audit.AuditActions.Export });
        Assert.Equal(2, entries.Count);
        var refused = entries[0];
        var exported = entries[1];
        Assert.Equal((FaqFolder.Domain, "ok"), (exported.Target, exported.Outcome));
        Assert.Contains("\"kind\":\"sft\"", exported.Detail, StringComparison.Ordinal);
        Assert.Contains($"\"records\":{result.Records}", exported.Detail, StringComparison.Ordinal);
        Assert.Contains(JsonEncodedText.Encode(output).ToString(), exported.Detail, StringComparison.Ordinal);
        Assert.Equal(("failed", "not_found"), (refused.Outcome, refused.Code));
    }

    [Fact]
    public async Task ExportAsync_PretrainOfOverlappingChunks_WritesEverySentenceOnce()
    {
        using var folder = new TestFolder();
        var sentences = Enumerable.Range(1, 120).Select(i => $"第{i}条规定的内容编号为{i * 7}号，请各部门遵照执行。").ToList();
        folder.Write("long.md", "# 长文\n\n" + string.Concat(sentences));
        var options = new KnowledgeBaseOptions { Chunking = new ChunkingOptions { MaxTokens = 64, OverlapTokens = 32 } };
        using var knowledge = KnowledgeBase.Open(folder.Data, options);
        var ingest = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "long" });
        Assert.True(ingest.Report.Chunks > 10, $"chunks: {ingest.Report.Chunks}");
        var output = Path.Combine(folder.Root, "long.jsonl");

        await knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, ["long"], output));

        var text = Assert.Single(ReadLines(output)).GetProperty("text").GetString()!;
        Assert.Equal("长文\n" + string.Concat(sentences).Replace('，', ','), text);
    }

    [Fact]
    public async Task ExportAsync_DocumentChangedAndReingested_ExportsOnlyTheNewText()
    {
        using var folder = new TestFolder();
        folder.Write("policy.md", "# 制度\n\n旧的规定已经作废。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policy" });
        folder.Write("policy.md", "# 制度\n\n新的规定从下月起执行。");
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "policy" });
        var output = Path.Combine(folder.Root, "policy.jsonl");

        await knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, ["policy"], output));

        Assert.Equal("制度\n新的规定从下月起执行。", Assert.Single(ReadLines(output)).GetProperty("text").GetString());
    }

    [Fact]
    public async Task ExportAsync_SourceWithResidentIdAndMobile_NoExportContainsEither()
    {
        using var folder = new TestFolder();
        // PII masking at ingest is off here, so the export's own last guard is what is tested.
        using var knowledge = await FaqFolder.IngestAsync(folder, new KnowledgeBaseOptions { Governance = new Ingestion.Governance.IngestGovernanceOptions { ExtraSteps = null } });
        var pretrain = Path.Combine(folder.Root, "pretrain.jsonl");
        var sft = Path.Combine(folder.Root, "sft.jsonl");
        var beir = Path.Combine(folder.Root, "beir");

        var results = new[]
        {
            await knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, [FaqFolder.Domain], pretrain)),
            await knowledge.ExportAsync(new ExportRequest(ExportKind.Sft, [FaqFolder.Domain], sft)),
            await knowledge.ExportAsync(new ExportRequest(ExportKind.Beir, [FaqFolder.Domain], beir)),
        };

        foreach (var file in new[] { pretrain, sft }.Concat(Directory.GetFiles(beir)))
        {
            var content = await File.ReadAllTextAsync(file);
            Assert.DoesNotContain(FaqFolder.ResidentId, content, StringComparison.Ordinal);
            Assert.DoesNotContain(FaqFolder.Mobile, content, StringComparison.Ordinal);
        }

        Assert.Contains("110105********002X", await File.ReadAllTextAsync(pretrain), StringComparison.Ordinal);
        Assert.Contains("138****5678", await File.ReadAllTextAsync(sft), StringComparison.Ordinal);
        Assert.All(results, result => Assert.True(result.PiiMasked >= 2, $"{result.Kind}: {result.PiiMasked} masked"));
    }

    [Fact]
    public async Task ExportAsync_Sft_MinesMarkdownMarkersHeadingsAndCsvColumns()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "sft.jsonl");

        var result = await knowledge.ExportAsync(new ExportRequest(ExportKind.Sft, [FaqFolder.Domain], output));

        var pairs = ReadLines(output).ToDictionary(line => line.GetProperty("instruction").GetString()!, line => line);
        Assert.Equal(
            new[] { "What is the dress code?", "Who approves leave?", "如何申请加班费?", "年假有几天?", "差旅报销需要什么材料?", "报销多久到账?" }.Order(StringComparer.Ordinal),
            pairs.Keys.Order(StringComparer.Ordinal));
        Assert.Equal(pairs.Count, result.Records);
        Assert.Equal(0, result.Generated);
        Assert.Null(result.Generator);
        Assert.Equal("入职满一年的员工每年有五天带薪年假。满十年的有十天。", pairs["年假有几天?"].GetProperty("output").GetString());
        Assert.Equal("一般五个工作日内到账。", pairs["报销多久到账?"].GetProperty("output").GetString());
        Assert.Equal("Your line manager approves leave requests.", pairs["Who approves leave?"].GetProperty("output").GetString());
        Assert.Equal("Business casual on weekdays.", pairs["What is the dress code?"].GetProperty("output").GetString());
        var documents = (await knowledge.ListDocumentsAsync(Principal.LocalAdmin, FaqFolder.Domain, 0, 10)).Documents;
        Assert.All(pairs.Values, pair =>
        {
            var document = documents.Single(d => d.Id == pair.GetProperty("document_id").GetString());
            Assert.Equal(document.SourceId, pair.GetProperty("source_id").GetString());
            Assert.StartsWith(document.Id + ":", pair.GetProperty("citation").GetString(), StringComparison.Ordinal);
        });
    }

    [Fact]
    public async Task ExportAsync_SftWithGenerator_WritesGeneratedPairsThroughTheGuard()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "sft.jsonl");

        var result = await knowledge.ExportAsync(new ExportRequest(ExportKind.Sft, [FaqFolder.Domain], output) { Generator = new EchoGenerator() });

        Assert.Equal(FaqFolder.Documents, result.Generated);
        Assert.Equal(EchoGenerator.ModelName, result.Generator);
        var content = await File.ReadAllTextAsync(output);
        Assert.Equal(FaqFolder.Documents, ReadLines(output).Count(line => line.GetProperty("instruction").GetString()!.StartsWith("What does", StringComparison.Ordinal)));
        Assert.DoesNotContain(FaqFolder.Mobile, content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_Beir_LoadsAsADatasetAndEvaluatesWithEveryQueryFound()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "faq-beir");

        var result = await knowledge.ExportAsync(new ExportRequest(ExportKind.Beir, [FaqFolder.Domain], output));

        var dataset = BeirDataset.Load(output);
        Assert.Equal(result.Queries, dataset.Queries.Count);
        Assert.Equal(FaqFolder.Documents, result.Records);
        Assert.Contains(dataset.Queries, q => q.Text == "年假有几天?");
        Assert.Contains(dataset.Queries, q => q.Text == "地下停车场");
        Assert.DoesNotContain(dataset.Queries, q => q.Text.StartsWith("table.csv", StringComparison.Ordinal));
        var corpusIds = ReadLines(dataset.CorpusPath).Select(line => line.GetProperty("_id").GetString()).ToHashSet();
        Assert.All(dataset.Qrels.Values.SelectMany(judged => judged.Keys), id => Assert.Contains(id, corpusIds));
        var report = await BeirEvaluator.RunAsync(output);
        Assert.Equal(dataset.Queries.Count, report.Queries);
        Assert.True(report.RecallAt10 > 0.9, $"recall@10 {report.RecallAt10}");
    }

    [Fact]
    public async Task ExportAsync_BeirWithSameSeed_SameQueriesAndAtMostTheLimit()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var first = Path.Combine(folder.Root, "a");
        var second = Path.Combine(folder.Root, "b");

        await knowledge.ExportAsync(new ExportRequest(ExportKind.Beir, [FaqFolder.Domain], first) { Queries = 3 });
        await knowledge.ExportAsync(new ExportRequest(ExportKind.Beir, [FaqFolder.Domain], second) { Queries = 3 });

        var queries = await File.ReadAllTextAsync(Path.Combine(first, "queries.jsonl"));
        Assert.Equal(queries, await File.ReadAllTextAsync(Path.Combine(second, "queries.jsonl")));
        Assert.InRange(queries.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, 1, 3);
    }

    [Fact]
    public async Task ExportAsync_UnknownDomain_IsNotFoundAndWritesNothing()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "x.jsonl");

        var error = await Assert.ThrowsAsync<HunyuException>(() => knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, ["nosuch"], output)));

        Assert.Equal(ErrorCode.NotFound, error.Error);
        Assert.Contains("nosuch", error.Message, StringComparison.Ordinal);
        Assert.Empty(Directory.GetFiles(folder.Root));
    }

    [Fact]
    public async Task ExportAsync_PersonalDomain_RefusedUnlessIncluded()
    {
        using var folder = new TestFolder();
        folder.Write("note.md", "# 我的笔记\n\n明天去银行办事。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.SaveDomainAsync("notes-alice", DomainKind.Personal, owner: "alice");
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "notes-alice", Kind = DomainKind.Personal });
        var output = Path.Combine(folder.Root, "notes.jsonl");

        var error = await Assert.ThrowsAsync<HunyuException>(() => knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, ["notes-alice"], output)));
        var result = await knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, ["notes-alice"], output) { IncludePersonal = true });

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("--include-personal", error.Message, StringComparison.Ordinal);
        Assert.Equal(1, result.Records);
    }

    [Fact]
    public async Task ExportAsync_ExistingOutput_RefusedUnlessForced()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "out.jsonl");
        await File.WriteAllTextAsync(output, "keep me");

        var error = await Assert.ThrowsAsync<HunyuException>(() => knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, [FaqFolder.Domain], output)));
        Assert.Equal("keep me", await File.ReadAllTextAsync(output));
        await knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, [FaqFolder.Domain], output) { Force = true });

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("--force", error.Message, StringComparison.Ordinal);
        Assert.Equal(FaqFolder.Documents, ReadLines(output).Count);
    }

    [Fact]
    public async Task ExportAsync_OutputUnderAFile_IsAClearInvalidArgument()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var blocker = Path.Combine(folder.Root, "blocker");
        await File.WriteAllTextAsync(blocker, string.Empty);

        var error = await Assert.ThrowsAsync<HunyuException>(() => knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, [FaqFolder.Domain], Path.Combine(blocker, "out.jsonl"))));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.StartsWith(Path.Combine(blocker, "out.jsonl") + ": cannot be written", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ExportAsync_Cancelled_LeavesNoPartialFile()
    {
        using var folder = new TestFolder();
        using var knowledge = await FaqFolder.IngestAsync(folder);
        var output = Path.Combine(folder.Root, "out.jsonl");
        using var cancellation = new CancellationTokenSource();
        var progress = new Progress(cancellation);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => knowledge.ExportAsync(new ExportRequest(ExportKind.Pretrain, [FaqFolder.Domain], output), progress, cancellation.Token));

        Assert.Empty(Directory.GetFiles(folder.Root));
    }

    private static List<JsonElement> ReadLines(string path) =>
        File.ReadLines(path).Where(line => line.Length > 0).Select(line => JsonDocument.Parse(line).RootElement.Clone()).ToList();

    private sealed class Progress(CancellationTokenSource cancellation) : IProgress<ExportProgress>
    {
        public void Report(ExportProgress value) => cancellation.Cancel();
    }

    /// <summary>A deterministic stand-in for a chat model: one pair per document, repeating its text (PII included, were it unmasked).</summary>
    private sealed class EchoGenerator : IQuestionGenerator
    {
        public const string ModelName = "echo";

        public string Name => ModelName;

        public Task<IReadOnlyList<QaPair>> GenerateAsync(ExportedDocument document, CancellationToken cancellationToken = default) =>
            Task.FromResult<IReadOnlyList<QaPair>>([new QaPair($"What does {document.Title} say?", $"{document.Text} Call {FaqFolder.Mobile}.", CitationIds.Format(document.Document.Id, 0))]);
    }
}
