using System.Diagnostics;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;
using Hunyu.Search.Evaluation;

namespace Hunyu.Hosting.Evaluation;

/// <summary>
/// Runs a BEIR dataset end to end through the product: ingests its corpus into a temporary data
/// directory exactly as <c>hunyu ingest</c> would, runs every judged query through search, and scores
/// the ranked documents.
/// </summary>
public static class BeirEvaluator
{
    /// <summary>Ranked documents scored per query (Recall@100 needs 100).</summary>
    public const int Depth = 100;

    /// <summary>Evaluates the dataset in <paramref name="datasetDirectory"/>; <paramref name="progress"/> gets a stage name and a fraction done.</summary>
    /// <exception cref="HunyuException">The dataset is missing or malformed.</exception>
    public static async Task<EvaluationReport> RunAsync(string datasetDirectory, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancellationToken = default)
    {
        var dataset = BeirDataset.Load(datasetDirectory);
        var temporary = Directory.CreateTempSubdirectory("hunyu-eval-");
        try
        {
            using var knowledge = KnowledgeBase.Open(temporary.FullName);
            progress?.Report(("indexing", 0));
            var ingested = await knowledge.IngestAsync(new IngestionRequest { Path = dataset.CorpusPath, Domain = "eval" }, null, cancellationToken);
            if (ingested.Report.Failed.Count > 0)
            {
                var first = ingested.Report.Failed[0];
                throw new HunyuException(ErrorCode.CorruptInput, $"{dataset.CorpusPath}: {ingested.Report.Failed.Count} corpus record(s) failed to ingest; first: {first.Reason}");
            }

            var recordPrefix = Path.GetFileName(dataset.CorpusPath) + "#";
            double ndcg = 0, recall10 = 0, recall100 = 0, mrr = 0;
            for (var i = 0; i < dataset.Queries.Count; i++)
            {
                var query = dataset.Queries[i];
                var result = await knowledge.SearchAsync(
                    new SearchRequest { Query = query.Text, Principal = Principal.LocalAdmin, Limit = Depth * 2, Highlight = false },
                    cancellationToken);
                // Hits are passages; a document ranks where its best passage ranks.
                var ranked = result.Hits.Select(h => h.DocumentKey.StartsWith(recordPrefix, StringComparison.Ordinal) ? h.DocumentKey[recordPrefix.Length..] : h.DocumentKey)
                    .Distinct(StringComparer.Ordinal)
                    .Take(Depth)
                    .ToList();
                var relevant = dataset.Qrels[query.Id];
                ndcg += RetrievalMetrics.NdcgAt(10, ranked, relevant);
                recall10 += RetrievalMetrics.RecallAt(10, ranked, relevant);
                recall100 += RetrievalMetrics.RecallAt(100, ranked, relevant);
                mrr += RetrievalMetrics.ReciprocalRankAt(10, ranked, relevant);
                if (i % 50 == 0)
                {
                    progress?.Report(("searching", (double)i / dataset.Queries.Count));
                }
            }

            // Speed is timed separately on the interactive workload: top 10 with highlighted snippets.
            progress?.Report(("timing", 0));
            var stopwatch = Stopwatch.StartNew();
            foreach (var query in dataset.Queries)
            {
                await knowledge.SearchAsync(new SearchRequest { Query = query.Text, Principal = Principal.LocalAdmin, Limit = 10 }, cancellationToken);
            }

            var seconds = stopwatch.Elapsed.TotalSeconds;
            var n = Math.Max(1, dataset.Queries.Count);
            return new EvaluationReport(
                dataset.Name,
                ingested.Documents,
                dataset.Queries.Count,
                Math.Round(ndcg / n, 4),
                Math.Round(recall10 / n, 4),
                Math.Round(recall100 / n, 4),
                Math.Round(mrr / n, 4),
                Math.Round(dataset.Queries.Count / Math.Max(seconds, 1e-9), 1),
                Math.Round(ingested.Elapsed.TotalSeconds, 2));
        }
        finally
        {
            temporary.Delete(recursive: true);
        }
    }
}
