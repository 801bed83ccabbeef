using Hunyu.Core.Errors;
using Hunyu.Hosting.Evaluation;

namespace Hunyu.Hosting.Tests.Evaluation;

/// <summary>End-to-end retrieval evaluation: a hand-made dataset with known answers, and the shared CMRC 2018 trial set as a regression guard.</summary>
public sealed class BeirEvaluatorTests(ITestOutputHelper output)
{
    [Fact]
    public async Task RunAsync_SmallDatasetWithKnownAnswers_ScoresExactlyTheAnswerableQueries()
    {
        using var folder = new TestFolder();
        var dataset = BeirDatasetWriter.Write(Path.Combine(folder.Root, "tiny"));
        var stages = new List<string>();

        var report = await BeirEvaluator.RunAsync(dataset, new SynchronousProgress(p => stages.Add(p.Stage)));

        output.WriteLine(report.ToString());
        Assert.Equal("tiny", report.Dataset);
        Assert.Equal(BeirDatasetWriter.Documents, report.Documents);
        Assert.Equal(BeirDatasetWriter.JudgedQueries, report.Queries);
        foreach (var metric in new[] { report.NdcgAt10, report.RecallAt10, report.RecallAt100, report.MrrAt10 })
        {
            Assert.InRange(metric, 0, 1);
        }

        // Four queries find their document first; the fifth's judged document shares no word with it.
        Assert.Equal(BeirDatasetWriter.ExpectedScore, report.RecallAt10);
        Assert.Equal(BeirDatasetWriter.ExpectedScore, report.RecallAt100);
        Assert.Equal(BeirDatasetWriter.ExpectedScore, report.MrrAt10);
        Assert.Equal(BeirDatasetWriter.ExpectedScore, report.NdcgAt10);
        Assert.True(report.QueriesPerSecond > 0);
        Assert.True(report.IndexSeconds >= 0);
        Assert.Contains("indexing", stages);
        // The evaluation indexes into its own temporary store and leaves the dataset folder as it was.
        Assert.Equal(["corpus.jsonl", "qrels.tsv", "queries.jsonl"], Directory.GetFiles(dataset).Select(Path.GetFileName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public async Task RunAsync_DatasetInBeirsOwnIdFieldNames_ReadsItsQueries()
    {
        using var folder = new TestFolder();
        var dataset = BeirDatasetWriter.Write(Path.Combine(folder.Root, "tiny"), idField: "_id");

        var report = await BeirEvaluator.RunAsync(dataset);

        Assert.Equal(BeirDatasetWriter.Documents, report.Documents);
        Assert.Equal(BeirDatasetWriter.JudgedQueries, report.Queries);
        Assert.Equal(BeirDatasetWriter.ExpectedScore, report.RecallAt10);
    }

    [Fact]
    public async Task RunAsync_MissingDirectory_ThrowsPathNotFound()
    {
        using var folder = new TestFolder();
        var missing = Path.Combine(folder.Root, "no-such-dataset");

        var error = await Assert.ThrowsAsync<HunyuException>(() => BeirEvaluator.RunAsync(missing));

        Assert.Equal(ErrorCode.PathNotFound, error.Error);
        Assert.Contains(missing, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_MissingQrels_ThrowsPathNotFoundNamingTheFile()
    {
        using var folder = new TestFolder();
        var dataset = BeirDatasetWriter.Write(Path.Combine(folder.Root, "tiny"));
        File.Delete(Path.Combine(dataset, "qrels.tsv"));

        var error = await Assert.ThrowsAsync<HunyuException>(() => BeirEvaluator.RunAsync(dataset));

        Assert.Equal(ErrorCode.PathNotFound, error.Error);
        Assert.Contains("qrels.tsv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_CorpusWithABadLine_ThrowsCorruptInputInsteadOfScoringAPartialCorpus()
    {
        using var folder = new TestFolder();
        var dataset = BeirDatasetWriter.Write(Path.Combine(folder.Root, "tiny"));
        File.AppendAllText(Path.Combine(dataset, "corpus.jsonl"), "{\"id\": \"d10\", \"title\": \"断行\n");

        var error = await Assert.ThrowsAsync<HunyuException>(() => BeirEvaluator.RunAsync(dataset));

        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("corpus.jsonl", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunAsync_SharedCmrc2018Trial_KeepsRecallAt10AtLeast099()
    {
        var dataset = RepoPaths.SharedEval("cmrc2018-trial");
        Assert.SkipWhen(dataset is null, "the shared evaluation set ../shared/eval/cmrc2018-trial is not next to this repository");

        var report = await BeirEvaluator.RunAsync(dataset);

        output.WriteLine(report.ToString());
        Assert.Equal(256, report.Documents);
        Assert.Equal(1000, report.Queries);
        Assert.True(report.RecallAt10 >= 0.99, $"recall@10 {report.RecallAt10} fell below the 0.99 floor (reference BM25: 0.996)");
        Assert.True(report.RecallAt100 >= report.RecallAt10);
        Assert.InRange(report.MrrAt10, 0, 1);
        Assert.InRange(report.NdcgAt10, 0, 1);
    }

    /// <summary>Reports on the caller's thread, so the test sees every report before the run returns.</summary>
    private sealed class SynchronousProgress(Action<(string Stage, double Fraction)> report) : IProgress<(string Stage, double Fraction)>
    {
        public void Report((string Stage, double Fraction) value) => report(value);
    }
}
