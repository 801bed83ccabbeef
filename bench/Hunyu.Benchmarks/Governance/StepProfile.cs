using System.Diagnostics;
using System.Text;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;
using Hunyu.Text.Normalization;

namespace Hunyu.Benchmarks.Governance;

/// <summary>
/// Where the governance time goes: each step of the default pipeline timed on its own (stopwatch sections around
/// every <c>Apply</c> and, for ordered steps, <c>Prepare</c>), one thread, over the corpus held in memory, next to
/// <see cref="TextNormalizer"/> alone over the same text. Reading and parsing are left out, so the shares are of the
/// governance work itself.
/// </summary>
internal static class StepProfile
{
    /// <summary>The pseudo-step of the baseline row.</summary>
    public const string NormaliseOnly = "(TextNormalizer alone)";

    /// <summary>Each measurement goes over the corpus this many characters' worth at least, so it lasts long enough to time.</summary>
    private const long MinCharsPerSample = 6_000_000;

    public static List<StepCost> Run(string corpus, int repetitions)
    {
        var problems = new List<ParseProblem>();
        List<ParsedDocument> documents;
        using (var stream = File.OpenRead(corpus))
        {
            documents = [.. new JsonLinesParser().Parse(stream, corpus, problems)];
        }

        var bytes = documents.Sum(d => (long)Encoding.UTF8.GetByteCount(d.Title ?? string.Empty) + d.Blocks.Sum(b => (long)Encoding.UTF8.GetByteCount(b.Text)));
        var chars = documents.Sum(d => (long)(d.Title?.Length ?? 0) + d.Blocks.Sum(b => (long)b.Text.Length));
        var passes = (int)Math.Max(1, Math.Ceiling((double)MinCharsPerSample / chars));
        var name = Path.GetFileName(Path.GetDirectoryName(corpus)!);
        var seconds = new Dictionary<string, List<double>>(StringComparer.Ordinal);
        for (var rep = 0; rep <= repetitions; rep++)
        {
            var totals = new Dictionary<string, long>(StringComparer.Ordinal);
            for (var pass = 0; pass < passes; pass++)
            {
                // A fresh pipeline per pass: its dedup index starts empty, as in the throughput runs.
                var steps = GovernancePipeline.CreateDefault(new GovernanceOptions { Dedup = new DedupOptions { Chunks = false } }).Steps;
                var started = Stopwatch.GetTimestamp();
                foreach (var document in documents)
                {
                    TextNormalizer.Normalize(document.Title ?? string.Empty);
                    foreach (var block in document.Blocks)
                    {
                        TextNormalizer.Normalize(block.Text);
                    }
                }

                Add(totals, NormaliseOnly, Stopwatch.GetTimestamp() - started);
                var at = 0;
                foreach (var document in documents)
                {
                    var governed = new GovernedDocument($"d{at++}", document);
                    foreach (var step in steps)
                    {
                        started = Stopwatch.GetTimestamp();
                        if (step is IOrderedGovernanceStep ordered)
                        {
                            ordered.Prepare(governed);
                            Add(totals, step.Name + " (prepare)", Stopwatch.GetTimestamp() - started);
                            started = Stopwatch.GetTimestamp();
                        }

                        var result = step.Apply(governed);
                        Add(totals, step.Name, Stopwatch.GetTimestamp() - started);
                        if (result.Action is StepAction.Dropped or StepAction.Duplicate)
                        {
                            break;
                        }
                    }
                }
            }

            // The first round warms up (JIT, tables) and is not counted.
            if (rep > 0)
            {
                foreach (var (step, ticks) in totals)
                {
                    (seconds.TryGetValue(step, out var list) ? list : seconds[step] = []).Add((double)ticks / Stopwatch.Frequency);
                }
            }
        }

        var baseline = Reporting.Stats.Median(seconds[NormaliseOnly]);
        return [.. seconds.Select(pair =>
        {
            var median = Reporting.Stats.Median(pair.Value);
            return new StepCost(name, pair.Key, Math.Round(bytes * passes / 1e6 / median, 1), Math.Round(median / baseline, 3));
        })];
    }

    private static void Add(Dictionary<string, long> totals, string step, long ticks) => totals[step] = totals.GetValueOrDefault(step) + ticks;
}

/// <summary>One step's cost on one corpus: its own MB/s on one thread and its time relative to normalising alone.</summary>
internal sealed record StepCost(string Corpus, string Step, double MBPerSecond, double TimeToNormalise);
