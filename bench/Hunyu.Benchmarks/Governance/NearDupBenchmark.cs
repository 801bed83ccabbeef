using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Benchmarks.Governance;

/// <summary>Runs every pair through the real pipeline (keep the first, then offer the second) at each threshold and shingle size.</summary>
internal static class NearDupBenchmark
{
    public static readonly double[] Thresholds = [0.5, 0.55, 0.6, 0.65, 0.7, 0.75, 0.8, 0.85, 0.9, 0.95];

    public static readonly int[] ShingleSizes = [3, 4, 5];

    public static List<NearDupPoint> Run(List<NearDupPair> pairs)
    {
        var points = new List<NearDupPoint>();
        foreach (var shingles in ShingleSizes)
        {
            foreach (var threshold in Thresholds)
            {
                var options = new GovernanceOptions { Dedup = new DedupOptions { Threshold = threshold, ShingleChars = shingles, Chunks = false } };
                foreach (var category in pairs.GroupBy(p => (p.Category, p.Duplicate)))
                {
                    var flagged = category.Count(pair => Flags(options, pair));
                    points.Add(new NearDupPoint(shingles, threshold, category.Key.Category, category.Key.Duplicate, category.Count(), flagged));
                }
            }
        }

        return points;
    }

    /// <summary>Near duplicates the pipeline finds in an unmodified corpus: documents it would drop as near copies of earlier ones.</summary>
    public static List<CorpusDuplicate> FindInCorpus(string corpus, DedupOptions dedup)
    {
        var articles = CorpusFile.ReadArticles(corpus).ToDictionary(a => a.Id);
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions { Dedup = dedup with { Chunks = false } });
        return pipeline.Run(articles.Values.Select(a => new GovernanceInput(a.Id, ToDocument(a))))
            .Where(outcome => outcome.Duplicate is not null)
            .Select(outcome => new CorpusDuplicate(outcome.Duplicate!.Id, outcome.Duplicate.DuplicateOf, outcome.Duplicate.Kind.ToString(), outcome.Duplicate.Similarity, articles[outcome.Duplicate.Id].Text, articles[outcome.Duplicate.DuplicateOf].Text))
            .ToList();
    }

    private static bool Flags(GovernanceOptions options, NearDupPair pair)
    {
        var pipeline = GovernancePipeline.CreateDefault(options);
        pipeline.Process(pair.First.Id, ToDocument(pair.First));
        return pipeline.Process(pair.Second.Id + "#second", ToDocument(pair.Second)).Duplicate is not null;
    }

    private static ParsedDocument ToDocument(Article article) =>
        new(article.Id, article.Title, [new TextBlock(BlockKind.Paragraph, article.Text)], new Dictionary<string, string>());
}

internal sealed record NearDupPoint(int ShingleChars, double Threshold, string Category, bool Duplicate, int Pairs, int Flagged);

internal sealed record CorpusDuplicate(string Id, string DuplicateOf, string Kind, double Similarity, string Text, string DuplicateOfText);
