using System.Diagnostics;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;
using Hunyu.Search.Evaluation;
using Hunyu.Search.Learning;

namespace Hunyu.Hosting.Evaluation;

/// <summary>
/// Runs BEIR datasets end to end through the product: ingests each corpus into a temporary data
/// directory exactly as <c>hunyu ingest</c> would, runs every judged query through search, and scores
/// the ranked documents. Speed is timed in a separate pass on the interactive workload (top 10 with
/// highlighted snippets, one query at a time).
/// </summary>
public static class BeirEvaluator
{
    /// <summary>Ranked documents scored per query (Recall@100 needs 100).</summary>
    public const int Depth = 100;

    /// <summary>Evaluates the dataset in <paramref name="datasetDirectory"/>; <paramref name="progress"/> gets a stage name and a fraction done.</summary>
    /// <exception cref="HunyuException">The dataset is missing or malformed.</exception>
    public static Task<EvaluationReport> RunAsync(string datasetDirectory, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancellationToken = default) =>
        RunAsync(datasetDirectory, null, progress, cancellationToken);

    /// <summary>
    /// Evaluates the dataset in <paramref name="datasetDirectory"/> searching with <paramref name="learned"/>'s expansions
    /// (none when null). The questions the model was trained on are left out when this is the dataset it learned from,
    /// so the figures are for held-out questions only.
    /// </summary>
    /// <exception cref="HunyuException">The dataset is missing or malformed, or the model was trained on every one of its questions.</exception>
    public static async Task<EvaluationReport> RunAsync(string datasetDirectory, ExpansionModel? learned, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancellationToken = default)
    {
        var (dataset, excluded) = HeldOut(datasetDirectory, learned);

        using var workspace = await Workspace.CreateAsync([("eval", dataset)], learned, progress, cancellationToken);
        var scores = new ScoreAccumulator();
        await ScoreAsync(workspace, dataset, "eval", [], scores, null, progress, cancellationToken);
        var result = scores.Result();
        return new EvaluationReport(
            dataset.Name,
            workspace.Documents,
            result.Queries,
            result.NdcgAt10,
            result.RecallAt10,
            result.RecallAt100,
            result.MrrAt10,
            result.QueriesPerSecond,
            Math.Round(workspace.IndexSeconds, 2))
        {
            ExcludedQueries = excluded,
        };
    }

    /// <summary>
    /// Mixes the datasets in <paramref name="datasetDirectories"/> as domains (named after their folders)
    /// and scores federated search over all of them against the oracle that searches each query only in
    /// its own domain.
    /// </summary>
    /// <exception cref="HunyuException">A dataset is missing or malformed, or two folders give the same domain name.</exception>
    public static Task<MixedEvaluationReport> RunMixedAsync(IReadOnlyList<string> datasetDirectories, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancellationToken = default) =>
        RunMixedAsync(datasetDirectories, null, progress, cancellationToken);

    /// <summary>
    /// As <see cref="RunMixedAsync(IReadOnlyList{string}, IProgress{ValueTuple{string, double}}?, CancellationToken)"/>, every
    /// domain searched with <paramref name="learned"/>'s expansions; the questions it was trained on are left out of the
    /// dataset it learned from.
    /// </summary>
    /// <exception cref="HunyuException">A dataset is missing or malformed, two folders give the same domain name, or the model was trained on every question of a dataset.</exception>
    public static async Task<MixedEvaluationReport> RunMixedAsync(IReadOnlyList<string> datasetDirectories, ExpansionModel? learned, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(datasetDirectories);
        var heldOut = datasetDirectories.Select(directory => HeldOut(directory, learned)).ToList();
        var datasets = heldOut.Select(h => (Domain: DomainNameFor(h.Dataset.Name), h.Dataset)).ToList();
        var clash = datasets.GroupBy(d => d.Domain).FirstOrDefault(g => g.Count() > 1);
        if (clash is not null)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"--domains: two datasets map to the domain '{clash.Key}'; give folders with different names");
        }

        using var workspace = await Workspace.CreateAsync(datasets, learned, progress, cancellationToken);
        var federated = new ScoreAccumulator();
        var oracle = new ScoreAccumulator();
        var perDomain = new Dictionary<string, DomainScores>(StringComparer.Ordinal);
        foreach (var (domain, dataset) in datasets)
        {
            var domainFederated = new ScoreAccumulator();
            var domainOracle = new ScoreAccumulator();
            await ScoreAsync(workspace, dataset, domain, [], domainFederated, federated, progress, cancellationToken);
            await ScoreAsync(workspace, dataset, domain, [domain], domainOracle, oracle, progress, cancellationToken);
            perDomain[domain] = new DomainScores(domainFederated.Result(), domainOracle.Result());
        }

        return new MixedEvaluationReport(federated.Result(), oracle.Result(), perDomain) { ExcludedQueries = heldOut.Sum(h => h.Excluded) };
    }

    /// <summary>The dataset with the questions <paramref name="learned"/> was trained on left out, and how many those were.</summary>
    private static (BeirDataset Dataset, int Excluded) HeldOut(string datasetDirectory, ExpansionModel? learned)
    {
        var dataset = BeirDataset.Load(datasetDirectory);
        var trained = learned?.Info.TrainingQueriesIn(datasetDirectory) ?? new HashSet<string>(StringComparer.Ordinal);
        var excluded = dataset.Queries.Count(q => trained.Contains(q.Id));
        if (excluded == 0)
        {
            return (dataset, 0);
        }

        var heldOut = dataset.Queries.Where(q => !trained.Contains(q.Id)).ToList();
        return heldOut.Count > 0
            ? (dataset with { Queries = heldOut }, excluded)
            : throw new HunyuException(ErrorCode.InvalidArgument, $"--learn: the model was trained on every judged question of {dataset.Name}; learn with --holdout to keep some for evaluation, or evaluate another dataset");
    }

    /// <summary>Scores every query of <paramref name="dataset"/> searched in <paramref name="domains"/> (empty = all), then times them.</summary>
    private static async Task ScoreAsync(Workspace workspace, BeirDataset dataset, string domain, IReadOnlyList<string> domains, ScoreAccumulator scores, ScoreAccumulator? total, IProgress<(string Stage, double Fraction)>? progress, CancellationToken cancellationToken)
    {
        // Stage names stay fixed ("indexing", "searching", "timing") so progress consumers can rely on them.
        var scope = domains.Count == 0 ? $"{domain}, all domains" : $"{domain}, own domain";
        for (var i = 0; i < dataset.Queries.Count; i++)
        {
            var query = dataset.Queries[i];
            var result = await workspace.Knowledge.SearchAsync(Request(query.Text, domains, Depth * 2, highlight: false), cancellationToken);
            // Hits are passages; a document ranks where its best passage ranks. Ids carry their domain,
            // so a document of another dataset with the same id never counts as relevant.
            var ranked = result.Hits.Select(h => $"{h.Domain}/{RecordId(h.DocumentKey, dataset)}").Distinct(StringComparer.Ordinal).Take(Depth).ToList();
            var relevant = dataset.Qrels[query.Id].ToDictionary(p => $"{domain}/{p.Key}", p => p.Value, StringComparer.Ordinal);
            scores.Add(ranked, relevant);
            total?.Add(ranked, relevant);
            if (i % 50 == 0)
            {
                progress?.Report(($"searching ({scope})", (double)i / dataset.Queries.Count));
            }
        }

        progress?.Report(($"timing ({scope})", 0));
        foreach (var query in dataset.Queries)
        {
            var stopwatch = Stopwatch.StartNew();
            await workspace.Knowledge.SearchAsync(Request(query.Text, domains, 10, highlight: true), cancellationToken);
            scores.AddTime(stopwatch.Elapsed);
            total?.AddTime(stopwatch.Elapsed);
        }
    }

    private static SearchRequest Request(string text, IReadOnlyList<string> domains, int limit, bool highlight) =>
        new() { Query = text, Principal = Principal.LocalAdmin, Domains = domains, Limit = limit, Highlight = highlight };

    private static string RecordId(string documentKey, BeirDataset dataset)
    {
        var prefix = Path.GetFileName(dataset.CorpusPath) + "#";
        return documentKey.StartsWith(prefix, StringComparison.Ordinal) ? documentKey[prefix.Length..] : documentKey;
    }

    private static string DomainNameFor(string folderName) =>
        Domain.NameFromFolder(folderName) ?? "dataset-" + DocumentIds.ContentHash(folderName)[..8];

    /// <summary>A temporary knowledge base holding the corpora, deleted on dispose.</summary>
    private sealed class Workspace : IDisposable
    {
        private readonly DirectoryInfo _folder;

        private Workspace(DirectoryInfo folder, KnowledgeBase knowledge)
        {
            _folder = folder;
            Knowledge = knowledge;
        }

        public KnowledgeBase Knowledge { get; }

        public int Documents { get; private set; }

        public double IndexSeconds { get; private set; }

        public static async Task<Workspace> CreateAsync(IReadOnlyList<(string Domain, BeirDataset Dataset)> datasets, IQueryExpander? expander, IProgress<(string Stage, double Fraction)>? progress, CancellationToken cancellationToken)
        {
            var folder = Directory.CreateTempSubdirectory("hunyu-eval-");
            var workspace = new Workspace(folder, KnowledgeBase.Open(folder.FullName, new KnowledgeBaseOptions { Expander = expander, Audit = NullAuditLog.Instance }));
            try
            {
                foreach (var (domain, dataset) in datasets)
                {
                    progress?.Report(("indexing", 0));
                    var ingested = await workspace.Knowledge.IngestAsync(new IngestionRequest { Path = dataset.CorpusPath, Domain = domain }, null, cancellationToken);
                    if (ingested.Report.Failed.Count > 0)
                    {
                        var first = ingested.Report.Failed[0];
                        throw new HunyuException(ErrorCode.CorruptInput, $"{dataset.CorpusPath}: {ingested.Report.Failed.Count} corpus record(s) failed to ingest; first: {first.Reason}");
                    }

                    workspace.Documents += ingested.Documents;
                    workspace.IndexSeconds += ingested.Elapsed.TotalSeconds;
                }

                return workspace;
            }
            catch
            {
                workspace.Dispose();
                throw;
            }
        }

        public void Dispose()
        {
            Knowledge.Dispose();
            _folder.Delete(recursive: true);
        }
    }
}
