using System.Text;
using System.Text.Json;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Hosting.Configuration;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Jobs;
using Microsoft.Extensions.Configuration;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// Every ingest passes through governance (issue 4): exact duplicates are dropped and reported with what they
/// duplicate, near duplicates and quality findings are kept and reported, broken input is dropped and reported,
/// dedup spans runs and survives a restart, and a deleted original lets its copy in.
/// </summary>
public sealed class GovernedIngestionTests
{
    // Real statute text (PRC Labour Contract Law, public domain).
    private const string Article =
        "用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。用人单位在制定、修改或者决定有关劳动报酬、" +
        "工作时间、休息休假、劳动安全卫生、保险福利、职工培训、劳动纪律以及劳动定额管理等直接涉及劳动者切身利益的规章制度或者重大事项时，" +
        "应当经职工代表大会或者全体职工讨论，提出方案和意见，与工会或者职工代表平等协商确定。";

    private const string Other =
        "用人单位招用劳动者时，应当如实告知劳动者工作内容、工作条件、工作地点、职业危害、安全生产状况、劳动报酬，以及劳动者要求了解的其他情况；" +
        "用人单位有权了解劳动者与劳动合同直接相关的基本情况，劳动者应当如实说明。编号 zqotherdoc 。";

    private static readonly string Original = $"规章制度\n\n{Article}编号 zqoriginal 。\n";

    private static readonly string NearCopy = $"规章制度\n\n{Article.Replace("劳动者", "职工", StringComparison.Ordinal)}编号 zqnearcopy 。\n";

    [Fact]
    public async Task IngestAsync_ExactDuplicateFileInFolder_IsNotIndexedAndIsReportedWithWhatItDuplicates()
    {
        using var folder = new TestFolder();
        folder.Write("a/original.txt", Original);
        folder.Write("b/copy.txt", Original);
        folder.Write("other.txt", Other);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Empty(result.Report.Failed);
        Assert.Equal(2, result.Report.Added);
        var documents = await knowledge.AllDocumentsAsync();
        Assert.Equal(["a/original.txt", "other.txt"], documents.Select(d => d.Key).Order(StringComparer.Ordinal));
        var original = documents.Single(d => d.Key == "a/original.txt");
        Assert.Single(await knowledge.SearchAsync("zqoriginal"));

        var duplicate = Assert.Single(result.Governance.Duplicates);
        Assert.Equal(original.Id, duplicate.DuplicateOf);
        Assert.Equal("b/copy.txt", duplicate.Key);
        Assert.Equal(DocumentIds.ForDocument(result.Source.Id, "b/copy.txt"), duplicate.Id);
        Assert.Equal((DuplicateKind.Exact, GovernanceLevel.Document, false), (duplicate.Kind, duplicate.Level, duplicate.Kept));
        Assert.Equal((3, 2), (result.Governance.Documents, result.Governance.Kept));

        // The stored report of the run says the same.
        var details = await knowledge.GetRunAsync(result.RunId);
        Assert.NotNull(details?.Governance);
        Assert.Equal(result.RunId, details.Run.Id);
        Assert.Equal(duplicate, Assert.Single(details.Governance.Duplicates));
        Assert.True(File.Exists(Path.Combine(folder.Data, "runs", $"{result.RunId}", "governance.json")));
    }

    [Fact]
    public async Task IngestAsync_NearDuplicate_IsIndexedAndReportedAsKept()
    {
        using var folder = new TestFolder();
        folder.Write("original.txt", Original);
        folder.Write("revised.txt", NearCopy);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Equal(2, result.Report.Added);
        Assert.Single(await knowledge.SearchAsync("zqoriginal"));
        Assert.Single(await knowledge.SearchAsync("zqnearcopy"));
        var near = Assert.Single(result.Governance.Duplicates, d => d.Level == GovernanceLevel.Document);
        Assert.Equal((DuplicateKind.Near, true, "revised.txt"), (near.Kind, near.Kept, near.Key));
        Assert.InRange(near.Similarity, 0.7, 0.999);
        Assert.Equal(2, result.Governance.Kept);
        Assert.Equal(1, GovernanceSummary.Of(result.Governance).DuplicatesKept);
    }

    [Fact]
    public async Task IngestAsync_NearDuplicateInADomainConfiguredToDrop_IsNotIndexed()
    {
        using var folder = new TestFolder();
        folder.Write("original.txt", Original);
        folder.Write("revised.txt", NearCopy);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hunyu:Governance:Domains:statutes:Actions:NearDuplicate"] = "drop",
        }).Build();
        using var knowledge = KnowledgeBase.Open(folder.Data, new KnowledgeBaseOptions { Governance = HunyuConfiguration.Governance(configuration) });

        var dropped = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "statutes" });
        var kept = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "other" });

        Assert.Equal(1, dropped.Report.Added);
        Assert.Equal(DuplicateKind.Near, Assert.Single(dropped.Governance.Duplicates).Kind);
        Assert.Equal(2, kept.Report.Added);
    }

    [Fact]
    public async Task IngestAsync_RequestOverridesTheAction_DropsNearDuplicatesOfThatIngestOnly()
    {
        using var folder = new TestFolder();
        folder.Write("original.txt", Original);
        folder.Write("revised.txt", NearCopy);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Governance = new GovernanceActionOverrides(NearDuplicate: FindingAction.Drop) });

        Assert.Equal(1, result.Report.Added);
        Assert.Empty(await knowledge.SearchAsync("zqnearcopy"));
    }

    [Fact]
    public async Task IngestAsync_CopyArrivesInALaterRunAndAnotherSource_IsDroppedAsItsDuplicate_EvenAfterARestart()
    {
        using var folder = new TestFolder();
        folder.Write("first/original.txt", Original);
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "first") });
        }

        folder.Write("second/copy.txt", Original);
        folder.Write("second/other.txt", Other);
        using var reopened = KnowledgeBase.Open(folder.Data);
        var result = await reopened.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "second") });

        Assert.Empty(result.Governance.Warnings);
        Assert.Equal(1, result.Report.Added);
        var duplicate = Assert.Single(result.Governance.Duplicates);
        Assert.Equal("copy.txt", duplicate.Key);
        Assert.Equal((await reopened.AllDocumentsAsync()).Single(d => d.Key == "original.txt").Id, duplicate.DuplicateOf);

        // Unchanged documents are skipped before governance: the copy is governed (and reported) again, nothing else.
        var again = await reopened.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "second") });
        Assert.Equal((0, 1), (again.Report.Added, again.Report.Unchanged));
        Assert.Equal(1, again.Governance.Documents);
        Assert.Single(again.Governance.Duplicates);
    }

    [Fact]
    public async Task DeleteDocumentAsync_KeptCopy_LetsTheDuplicateInOnTheNextRun()
    {
        using var folder = new TestFolder();
        folder.Write("first/original.txt", Original);
        folder.Write("second/copy.txt", Original);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "first") });
        Assert.Equal(0, (await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "second") })).Report.Added);
        var original = Assert.Single(await knowledge.AllDocumentsAsync());

        Assert.True(await knowledge.DeleteDocumentAsync(original.Id));
        var result = await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "second") });

        Assert.Equal(1, result.Report.Added);
        Assert.Empty(result.Governance.Duplicates);
        Assert.Equal("copy.txt", Assert.Single(await knowledge.SearchAsync("zqoriginal")).DocumentKey);
    }

    [Fact]
    public async Task IngestAsync_FileRenamed_IsIndexedUnderItsNewNameInTheSameRun()
    {
        using var folder = new TestFolder();
        folder.Write("z-original.txt", Original);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        // A rename: the file's new name is read before its old one is found missing, in the same run.
        File.Move(Path.Combine(folder.Source, "z-original.txt"), Path.Combine(folder.Source, "a-renamed.txt"));
        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Equal((1, 1), (result.Report.Added, result.Report.Deleted));
        Assert.Empty(result.Governance.Duplicates);
        Assert.Equal((1, 1), (result.Governance.Documents, result.Governance.Kept));
        Assert.Equal("a-renamed.txt", Assert.Single(await knowledge.SearchAsync("zqoriginal")).DocumentKey);
    }

    [Fact]
    public async Task IngestAsync_BinaryAndMisDecodedContent_IsDroppedAndReportedWhileTheRestIsIngested()
    {
        using var folder = new TestFolder();
        folder.Write("good.txt", Original);

        // Records escape every non-ASCII character, so the file's bytes pass the decoder's binary check and the text
        // reaches governance: control characters passed as text, and UTF-8 once read as Windows-1252 (mojibake).
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
        var records = new[]
        {
            new { id = "bin", title = "blob", text = string.Concat(Enumerable.Range(0, 200).Select(i => $"{(char)(1 + (i % 8))}x")) },
            new { id = "garbled", title = "说明", text = Encoding.GetEncoding(1252).GetString(Encoding.UTF8.GetBytes(Other)) },
        };
        folder.Write("records.jsonl", string.Join('\n', records.Select(record => JsonSerializer.Serialize(record))) + "\n");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Equal(1, result.Report.Added);
        Assert.Equal(["records.jsonl#bin:corrupt_input", "records.jsonl#garbled:corrupt_input"], result.Report.Failed.Select(f => $"{f.Input}:{f.Code}").Order(StringComparer.Ordinal));
        var dropped = result.Governance.Dropped.ToDictionary(d => d.Key!, StringComparer.Ordinal);
        Assert.Equal(["records.jsonl#bin", "records.jsonl#garbled"], dropped.Keys.Order(StringComparer.Ordinal));
        Assert.All(dropped.Values, d => Assert.Equal("screen", d.Step));
        Assert.StartsWith("binary content", dropped["records.jsonl#bin"].Reason, StringComparison.Ordinal);
        Assert.StartsWith("mojibake", dropped["records.jsonl#garbled"].Reason, StringComparison.Ordinal);
        Assert.Equal("good.txt", Assert.Single(await knowledge.AllDocumentsAsync()).Key);
    }

    [Fact]
    public async Task IngestAsync_TinyButRealNote_IsKeptAndItsQualityFindingReported()
    {
        using var folder = new TestFolder();
        folder.Write("note.txt", "好");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

        Assert.Equal(1, result.Report.Added);
        var finding = Assert.Single(result.Governance.Flagged);
        Assert.Equal(("quality", "note.txt"), (finding.Step, finding.Key));
        Assert.Contains("too short", finding.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task IngestAsync_CancelledBeforeTheOriginalWasCommitted_DoesNotDropItsCopyLater()
    {
        using var folder = new TestFolder();
        folder.Write("first/a.txt", Original);
        folder.Write("first/b.txt", Other);
        folder.Write("second/copy.txt", Original);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        using (var cancellation = new CancellationTokenSource())
        {
            // a.txt is governed and staged; the run is cancelled before anything is committed.
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => knowledge.IngestAsync(
                new IngestionRequest { Path = Path.Combine(folder.Source, "first") },
                new CancelAt(1, cancellation),
                cancellation.Token));
        }

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "second") });

        Assert.Equal(1, result.Report.Added);
        Assert.Empty(result.Governance.Duplicates);
    }

    [Fact]
    public async Task IngestAsync_UnreadableDedupState_WarnsStartsAfreshAndRelearnsFromUnchangedDocuments()
    {
        using var folder = new TestFolder();
        folder.Write("first/original.txt", Original);
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "first") });
        }

        var state = Path.Combine(folder.Data, "indexes", "default", "dedup", DedupStore.SnapshotFileName);
        Assert.True(File.Exists(state));
        File.WriteAllText(state, "{not json");
        using var reopened = KnowledgeBase.Open(folder.Data);

        var relearn = await reopened.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "first") });
        folder.Write("second/copy.txt", Original);
        var copy = await reopened.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "second") });

        Assert.Contains("dedup state unreadable", Assert.Single(relearn.Governance.Warnings), StringComparison.Ordinal);
        Assert.Equal(1, relearn.Report.Unchanged);
        Assert.Equal(0, copy.Report.Added);
        Assert.Single(copy.Governance.Duplicates);
    }

    [Fact]
    public async Task UploadLikeIngest_ExactDuplicateHandedOver_IsKeptAndReported()
    {
        using var folder = new TestFolder();
        folder.Write("a.txt", Original);
        var upload = folder.Write("uploads/b.txt", Original);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, "a.txt") });

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = upload, RemoveMissing = false, Governance = GovernanceActionOverrides.HandedOver });

        Assert.Equal(1, result.Report.Added);
        var duplicate = Assert.Single(result.Governance.Duplicates, d => d.Level == GovernanceLevel.Document);
        Assert.True(duplicate.Kept);
        Assert.Equal(DuplicateKind.Exact, duplicate.Kind);
    }

    [Fact]
    public void Governance_FromSettings_BindsTheDefaultAndPerDomainOptions()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Hunyu:Governance:FoldToSimplified"] = "true",
            ["Hunyu:Governance:Actions:Quality"] = "Drop",
            ["Hunyu:Governance:Domains:Statutes:Dedup:Threshold"] = "0.9",
            ["Hunyu:Governance:Domains:Statutes:Actions:NearDuplicate"] = "drop",
        }).Build();

        var governance = HunyuConfiguration.Governance(configuration);

        Assert.True(governance.Default.FoldToSimplified);
        Assert.Equal((FindingAction.Drop, FindingAction.Report, 0.7), (governance.Default.Actions.Quality, governance.Default.Actions.NearDuplicate, governance.Default.Dedup.Threshold));
        var statutes = governance.For("statutes");
        Assert.True(statutes.FoldToSimplified);
        Assert.Equal((FindingAction.Drop, FindingAction.Drop, 0.9), (statutes.Actions.Quality, statutes.Actions.NearDuplicate, statutes.Dedup.Threshold));
        Assert.Same(governance.Default, governance.For("other"));

        // Nothing configured: the ingest profile.
        var none = HunyuConfiguration.Governance(new ConfigurationBuilder().Build());
        Assert.Equal(GovernanceActions.Ingest, none.Default.Actions);
        Assert.Equal(["html"], none.Default.SiteBoilerplateFormats);
    }

    [Theory]
    [InlineData("Hunyu:Governance:Dedup:Threshold", "0.1", "Hunyu:Governance:Dedup:Threshold")]
    [InlineData("Hunyu:Governance:Actions:NearDuplicate", "maybe", "NearDuplicate")]
    [InlineData("Hunyu:Governance:Domains:Bad Name:Dedup:Threshold", "0.9", "Bad Name")]
    [InlineData("Hunyu:Governance:Domains:statutes:Dedup:Threshold", "2", "Hunyu:Governance:Domains:statutes")]
    public void Governance_InvalidSetting_ThrowsInvalidArgumentNamingIt(string key, string value, string named)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [key] = value }).Build();

        var error = Assert.Throws<Core.Errors.HunyuException>(() => HunyuConfiguration.Governance(configuration));

        Assert.Equal("invalid_argument", error.Error.Code);
        Assert.Contains(named, error.Message, StringComparison.Ordinal);
    }

    /// <summary>Cancels the run when it reports <paramref name="filesDone"/> files done, before the next file is read.</summary>
    private sealed class CancelAt(int filesDone, CancellationTokenSource cancellation) : IProgress<IngestionProgress>
    {
        public void Report(IngestionProgress value)
        {
            if (value.FilesDone == filesDone)
            {
                cancellation.Cancel();
            }
        }
    }
}
