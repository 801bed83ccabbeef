using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Tests.Governance;

/// <summary>The action per finding kind: the strict profile of <c>hunyu clean</c> drops, the ingest profile keeps and reports.</summary>
public sealed class GovernanceActionsTests
{
    private static readonly string Text = string.Concat(Docs.Statutes[3], Docs.Statutes[7]);
    private static readonly string Edited = Text.Replace("劳动者", "劳动人员", StringComparison.Ordinal).Replace("应当", "须", StringComparison.Ordinal);

    [Fact]
    public void Process_NearDuplicateUnderTheIngestProfile_KeptWithTheDuplicateRecordedAndJoinsTheIndex()
    {
        var index = new InMemoryDedupIndex(new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest(), index);
        pipeline.Process("original", Docs.Of(Text));

        var near = pipeline.Process("edited", Docs.Of(Edited), key: "edited.txt");
        var copyOfNear = pipeline.Process("copy", Docs.Of(Edited));

        Assert.True(near.Kept);
        Assert.Equal(("original", DuplicateKind.Near, true, "edited.txt"), (near.Document.DuplicateOf?.DuplicateOf, near.Document.DuplicateOf?.Kind, near.Document.DuplicateOf?.Kept, near.Document.DuplicateOf?.Key));
        Assert.True(index.Contains("edited"));

        // The kept near duplicate is itself an original: its exact copy is found (and dropped), not kept as another near one.
        Assert.False(copyOfNear.Kept);
        Assert.Equal(("edited", DuplicateKind.Exact), (copyOfNear.Duplicate?.DuplicateOf, copyOfNear.Duplicate?.Kind));
    }

    [Fact]
    public void Process_StrictProfile_DropsNearDuplicatesAndQualityFindingsAsBefore()
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());
        pipeline.Process("original", Docs.Of(Text));

        Assert.Equal(DuplicateKind.Near, pipeline.Process("edited", Docs.Of(Edited)).Duplicate?.Kind);
        Assert.Equal("quality", pipeline.Process("short", Docs.Of("好")).Dropped?.Step);
    }

    [Fact]
    public void Process_QualityFindingUnderTheIngestProfile_KeptAndFlagged()
    {
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest());
        var report = new GovernanceReport();

        var outcome = pipeline.Process("note", Docs.Of("好"), key: "note.txt");
        report.Add(outcome);

        Assert.True(outcome.Kept);
        var finding = Assert.Single(outcome.Document.Findings);
        Assert.Equal(("quality", "note", "note.txt"), (finding.Step, finding.Id, finding.Key));
        Assert.StartsWith("too short", finding.Reason, StringComparison.Ordinal);
        Assert.Equal((1, 1), (report.Kept, report.Flagged.Count));
        Assert.Equal(1, report.Steps["quality"].Reported);
    }

    [Fact]
    public void Process_ScreenFindingUnderTheIngestProfile_StillDropped()
    {
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest());

        var outcome = pipeline.Process("blob", Docs.Of(new string('\u0001', 100)));

        Assert.Equal("screen", outcome.Dropped?.Step);
        Assert.False(outcome.Failed);
    }

    [Fact]
    public void ProcessChunks_EveryChunkDuplicatesEarlierChunks_KeepsThemAllAndReportsThem()
    {
        var chunker = new StructuredChunker(new ChunkingOptions());
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest());
        var first = chunker.Chunk("first", Docs.Of(Text).Blocks).Chunks;
        var same = chunker.Chunk("second", Docs.Of(Text).Blocks).Chunks;

        pipeline.ProcessChunks(first);
        var all = pipeline.ProcessChunks(same);

        Assert.Equal(same, all.Kept);
        Assert.All(all.Duplicates, d => Assert.True(d.Kept));
        Assert.Equal(same.Count, all.Total);
    }

    [Fact]
    public void ProcessChunks_SomeChunksDuplicateEarlierOnes_DropsThoseUnderTheIngestProfile()
    {
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest());
        pipeline.ProcessChunks([Chunk("first", 0, Docs.Statutes[3])]);
        Chunk[] second = [Chunk("second", 0, Docs.Statutes[7]), Chunk("second", 1, Docs.Statutes[3])];

        var result = pipeline.ProcessChunks(second);

        Assert.Equal([second[0]], result.Kept);
        Assert.Equal(new DuplicateEntry("second:1", "first:0", DuplicateKind.Exact, 1, GovernanceLevel.Chunk), Assert.Single(result.Duplicates));
        Assert.Equal(2, result.Total);
    }

    [Fact]
    public void FindOrAdd_SameCopyOfferedTwice_CountedOnce()
    {
        var index = new InMemoryDedupIndex(new DedupOptions());
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions(), index);
        pipeline.Process("a", Docs.Of(Text));
        pipeline.Process("b", Docs.Of(Text));
        pipeline.Process("b", Docs.Of(Text));

        Assert.Equal(["b"], index.DuplicatesOf("a").Ids);
        Assert.Equal(1, index.DuplicatesOf("a").Count);
    }

    [Fact]
    public void Remove_OriginalOfAKeptExactCopy_TheCopyTakesOverItsText()
    {
        var index = new InMemoryDedupIndex(new DedupOptions());
        var fingerprint = DedupText.Fingerprint("t", [Text], null, 24);
        index.FindOrAdd("a", fingerprint);
        Assert.Equal("a", index.FindOrAdd("b", fingerprint, KeptDuplicates.Exact)?.DuplicateOf);

        index.Remove("a");

        Assert.Equal("b", index.FindOrAdd("c", fingerprint)?.DuplicateOf);
    }

    [Fact]
    public void Validate_UndefinedAction_ThrowsNamingTheSetting()
    {
        var options = new GovernanceOptions { Actions = new GovernanceActions { Quality = (FindingAction)7 } };

        var error = Assert.Throws<ArgumentOutOfRangeException>(options.Validate);

        Assert.Contains("Hunyu:Governance:Actions:Quality", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Overrides_ApplyOnlyWhatTheySet()
    {
        var actions = new GovernanceActionOverrides(NearDuplicate: FindingAction.Drop).ApplyTo(GovernanceActions.Ingest);

        Assert.Equal(GovernanceActions.Ingest with { NearDuplicate = FindingAction.Drop }, actions);
        Assert.Equal(KeptDuplicates.None, actions.Kept);
        Assert.Equal(KeptDuplicates.Exact | KeptDuplicates.Near, (GovernanceActions.Ingest with { ExactDuplicate = FindingAction.Report }).Kept);
    }

    [Fact]
    public void Report_JsonRoundTrip_KeepsEveryEntryAndCount()
    {
        var pipeline = GovernancePipeline.CreateDefault(GovernanceOptions.ForIngest());
        var report = new GovernanceReport();
        foreach (var (id, text) in new[] { ("a", Text), ("b", Text), ("c", Edited), ("d", "好"), ("e", new string('\u0001', 50)) })
        {
            report.Add(pipeline.Process(id, Docs.Of(text), key: id + ".txt"));
        }

        report.AddWarning("a warning");
        report.Finish(TimeSpan.FromSeconds(1.5));

        var json = report.ToJson();
        var read = GovernanceReport.FromJson(json);

        Assert.Equal(json, read.ToJson());
        Assert.Equal((5, 3, 1.5), (read.Documents, read.Kept, read.Seconds));
        Assert.Equal(report.Duplicates, read.Duplicates);
        Assert.Equal(report.Dropped, read.Dropped);
        Assert.Equal(report.Flagged, read.Flagged);
        Assert.Equal(["a warning"], read.Warnings);
        var summary = GovernanceSummary.Of(read);
        Assert.Equal((5, 3, 1, 1, 1, 1, 0, 0), (summary.Documents, summary.Kept, summary.Duplicates, summary.DuplicatesKept, summary.Dropped, summary.Flagged, summary.Pii, summary.ChunkDuplicates));
        Assert.Contains("\"duplicate_of\":\"a\"", json, StringComparison.Ordinal);
        Assert.Contains("\"kept\":true", json, StringComparison.Ordinal);
    }

    private static Chunk Chunk(string documentId, int ordinal, string text) => new(documentId, ordinal, text, string.Empty, null, 0, text.Length);
}
