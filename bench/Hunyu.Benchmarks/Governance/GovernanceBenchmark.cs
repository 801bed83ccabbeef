using System.Diagnostics;
using System.Globalization;
using System.Text;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Ingestion.Governance;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Governance;

/// <summary>
/// <c>governance</c>: the governance pipeline's throughput against reading + normalising alone (statutes, CMRC,
/// DRCD), and its near-duplicate quality on a benchmark built from the same real text; writes
/// <c>bench/results/governance.md</c> and <c>.json</c>.
/// </summary>
internal static class GovernanceBenchmark
{
    private static readonly string[] Corpora = ["statutes-zh", "cmrc2018-trial", "drcd-dev"];

    public static int Run(BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var machine = MachineInfo.Capture(options.RepoRoot);
        var throughput = new List<ThroughputSample>();
        foreach (var corpus in Corpora)
        {
            var path = Path.Combine(options.DataRoot, corpus, "corpus.jsonl");
            Console.WriteLine($"governance: throughput on {corpus} ...");
            throughput.AddRange(ThroughputBenchmark.Run(path, options.Repetitions));
        }

        Console.WriteLine("governance: step profile ...");
        var steps = Corpora.SelectMany(corpus => StepProfile.Run(Path.Combine(options.DataRoot, corpus, "corpus.jsonl"), options.Repetitions)).ToList();

        Console.WriteLine("governance: near-duplicate pairs ...");
        var variants = Path.Combine(options.RepoRoot, "bench", "data", "neardup-variants.jsonl");
        var pairs = NearDupPairs.Build(options.DataRoot, variants);
        var points = NearDupBenchmark.Run(pairs);

        Console.WriteLine("governance: near duplicates in the unmodified corpora ...");
        var defaults = new DedupOptions();
        var inCorpora = new List<CorpusCheck>();
        foreach (var corpus in Corpora)
        {
            foreach (var threshold in new[] { 0.7, 0.8, 0.9 })
            {
                var found = NearDupBenchmark.FindInCorpus(Path.Combine(options.DataRoot, corpus, "corpus.jsonl"), defaults with { Threshold = threshold });
                inCorpora.Add(new CorpusCheck(corpus, threshold, found.Count(d => d.Kind == nameof(DuplicateKind.Exact)), found.Count(d => d.Kind == nameof(DuplicateKind.Near)), [.. found.Take(8)]));
            }
        }

        var previous = Previous(Path.Combine(options.OutputDirectory, "governance.json"));
        var report = new GovernanceBenchReport(machine, Summarise(throughput), throughput, steps, pairs.Count, points, inCorpora, defaults.ShingleChars, defaults.Threshold, MachineInfo.ReadLoadAverage(), Math.Round(started.Elapsed.TotalSeconds, 1));
        Write(options.OutputDirectory, "governance", ToMarkdown(report, pairs, previous), report);
        return 0;
    }

    /// <summary>The throughput of the results file this run replaces (its date and summaries), for the before/after table; null when there is none.</summary>
    private static (string Date, List<ThroughputSummary> Throughput)? Previous(string path)
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var json = System.Text.Json.JsonDocument.Parse(File.ReadAllText(path));
        var root = json.RootElement;
        return (root.GetProperty("machine").GetProperty("dateUtc").GetString()!, ReportFiles.Read<List<ThroughputSummary>>(root.GetProperty("throughput")));
    }

    /// <summary><c>governance-steps</c>: the step profile alone, printed (for profiling work without the whole run).</summary>
    public static int RunStepsOnly(BenchOptions options)
    {
        foreach (var corpus in Corpora)
        {
            foreach (var cost in StepProfile.Run(Path.Combine(options.DataRoot, corpus, "corpus.jsonl"), options.Repetitions))
            {
                Console.WriteLine($"{cost.Corpus,-16} {cost.Step,-24} {cost.MBPerSecond,8:0.0} MB/s {cost.TimeToNormalise,7:0.000}x");
            }
        }

        return 0;
    }

    private static List<ThroughputSummary> Summarise(List<ThroughputSample> samples)
    {
        var summaries = new List<ThroughputSummary>();
        foreach (var corpus in samples.GroupBy(s => s.Corpus))
        {
            var baseline = corpus.Where(s => s.Contender == ThroughputBenchmark.ReadNormalize).ToDictionary(s => s.Repetition);
            foreach (var contender in corpus.GroupBy(s => s.Contender))
            {
                var perCore = Stats.Median(contender.Select(s => s.TextBytes / 1e6 / s.CpuSeconds));
                var wall = Stats.Median(contender.Select(s => s.TextBytes / 1e6 / s.Seconds));
                var ratioPerCore = Stats.Median(contender.Select(s => (s.TextBytes / s.CpuSeconds) / (baseline[s.Repetition].TextBytes / baseline[s.Repetition].CpuSeconds)));
                var ratioWall = Stats.Median(contender.Select(s => (s.TextBytes / s.Seconds) / (baseline[s.Repetition].TextBytes / baseline[s.Repetition].Seconds)));
                summaries.Add(new ThroughputSummary(corpus.Key, contender.Key, Math.Round(perCore, 2), Math.Round(wall, 2), Math.Round(ratioPerCore, 3), Math.Round(ratioWall, 3), contender.First().Kept));
            }
        }

        return summaries;
    }

    private static string ToMarkdown(GovernanceBenchReport r, List<NearDupPair> pairs, (string Date, List<ThroughputSummary> Throughput)? previous)
    {
        var md = new StringBuilder();
        md.AppendLine("# Governance pipeline: throughput and near-duplicate quality").AppendLine();
        md.AppendLine(r.Machine.ToMarkdown()).AppendLine();
        md.AppendLine("## Throughput").AppendLine();
        md.AppendLine("Each contender reads and parses the corpus file itself (`JsonLinesParser`), interleaved and rotated, medians over repetitions; small corpora are read several times per measurement so each lasts about 12 MB. **MB/s per core** is UTF-8 MB of title+text per CPU-second of the process (all threads, GC included); **wall MB/s** uses elapsed time (the pipeline runs its steps on both cores and reads on a third thread, so wall beats per-core there). Ratios are to `read+normalise` measured in the same repetition.").AppendLine();
        md.AppendLine("- `read+normalise`: parse + `TextNormalizer.Normalize` of title and blocks, one thread.");
        md.AppendLine("- `read+governance`: parse + `GovernancePipeline.CreateDefault(new GovernanceOptions()).Run(...)`: screen, normalize, page and site boilerplate, quality, exact + near dedup (document level), in parallel across documents.");
        md.AppendLine("- `read+governance, one worker`: the same with `MaxDegreeOfParallelism` 1 (the reader thread still reads ahead): what the second worker costs in CPU.");
        md.AppendLine("- `read+governance+chunk+chunk-dedup`: the same plus `StructuredChunker` (default options) and chunk-level dedup: what an ingest would run before indexing.");
        md.AppendLine("- `read+normalise+chunk`: parse + normalise + chunk without governance: the chunker's own cost, for reference.").AppendLine();
        md.AppendLine("| corpus | contender | MB/s per core | wall MB/s | per-core ratio to read+normalise | wall ratio | documents kept |");
        md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in r.Throughput)
        {
            md.AppendLine($"| {s.Corpus} | {s.Contender} | {F(s.MBPerCoreSecond)} | {F(s.WallMBPerSecond)} | {F(s.RatioPerCore)} | {F(s.RatioWall)} | {s.Kept:N0} |");
        }

        md.AppendLine().AppendLine("`stard-train` has the same corpus as `statutes-zh`.").AppendLine();
        if (previous is { } before)
        {
            md.AppendLine($"### Before and after").AppendLine();
            md.AppendLine($"Per-core figures of the results file this run replaced (run {before.Date}) next to this run's; the machine is shared, so compare the ratios, measured against read+normalise in the same repetition, rather than the MB/s.").AppendLine();
            md.AppendLine("| corpus | contender | before: MB/s per core | after: MB/s per core | before: per-core ratio | after: per-core ratio |");
            md.AppendLine("| --- | --- | ---: | ---: | ---: | ---: |");
            foreach (var s in r.Throughput.Where(s => s.Contender != ThroughputBenchmark.ReadNormalize))
            {
                if (before.Throughput.FirstOrDefault(b => b.Corpus == s.Corpus && b.Contender == s.Contender) is { } b)
                {
                    md.AppendLine($"| {s.Corpus} | {s.Contender} | {F(b.MBPerCoreSecond)} | {F(s.MBPerCoreSecond)} | {F(b.RatioPerCore)} | {F(s.RatioPerCore)} |");
                }
            }

            md.AppendLine();
        }

        md.AppendLine("### Where the time goes").AppendLine();
        md.AppendLine("Each step of the default pipeline timed on its own (`StepProfile`: stopwatch sections around every `Apply` and, for ordered steps, `Prepare`), one thread, over the corpus held in memory (no reading or parsing), next to `TextNormalizer` alone over the same text; medians over the repetitions. `boilerplate` appears twice: the page step, and the site step (ordered, with a `prepare`). The full pipeline meets the goal when its steps together take at most 2 + (parse time / normalise time) times normalising alone, parallel overhead aside.").AppendLine();
        md.AppendLine("| corpus | step | MB/s (one thread) | time relative to TextNormalizer alone |");
        md.AppendLine("| --- | --- | ---: | ---: |");
        foreach (var cost in r.Steps)
        {
            md.AppendLine($"| {cost.Corpus} | {cost.Step} | {F(cost.MBPerSecond)} | {F(cost.TimeToNormalise)} |");
        }

        md.AppendLine();
        md.AppendLine("## Near-duplicate quality").AppendLine();
        md.AppendLine($"Built from real text ({pairs.Count:N0} pairs; builder `bench/Hunyu.Benchmarks/Governance/NearDupPairs.cs`, seed {NearDupPairs.Seed}): the statute articles and CMRC/DRCD paragraphs listed in `bench/data/neardup-variants.jsonl` (every 60th statute of at least 30 characters, every 4th CMRC and every 10th DRCD paragraph), each paired with:").AppendLine();
        md.AppendLine("- positives: copies with 1 %, 3 % and 5 % of the characters inserted, deleted or substituted at random; the sentences rotated by half (when there are at least three); a source/editor header or footer added; the OpenCC conversion to Traditional (`s2t`), to Traditional with Taiwan vocabulary (`s2twp`, e.g. 软件 → 軟體) or, for DRCD, to Simplified (`t2s`);");
        md.AppendLine("- negatives: the neighbouring article of the same law or paragraph of the same Wikipedia article, and a random one of the same law or article.").AppendLine();
        md.AppendLine("Each pair goes through the real pipeline (`GovernancePipeline.CreateDefault`, keep the first document, offer the second): a pair counts as flagged when the second comes out as a duplicate (exact or near). The title is the corpus title for both documents (it takes part in the exact hash only).").AppendLine();
        foreach (var shingles in NearDupBenchmark.ShingleSizes)
        {
            var atK = r.Points.Where(p => p.ShingleChars == shingles).ToList();
            md.AppendLine($"### {shingles}-character shingles{(shingles == r.DefaultShingleChars ? " (the default)" : string.Empty)}").AppendLine();
            md.AppendLine("| category | pairs | " + string.Join(" | ", NearDupBenchmark.Thresholds.Select(t => t.ToString("0.00", CultureInfo.InvariantCulture))) + " |");
            md.AppendLine("| --- | ---: | " + string.Join(" | ", NearDupBenchmark.Thresholds.Select(_ => "---:")) + " |");
            foreach (var category in atK.GroupBy(p => (p.Category, p.Duplicate)).OrderBy(g => g.Key.Duplicate ? 0 : 1))
            {
                var what = category.Key.Duplicate ? "recall" : "false positives";
                md.AppendLine($"| {category.Key.Category} ({what}) | {category.First().Pairs} | " + string.Join(" | ", NearDupBenchmark.Thresholds.Select(t => F(Share(category.Single(p => p.Threshold == t))))) + " |");
            }

            md.AppendLine("| **recall, all positives** | | " + string.Join(" | ", NearDupBenchmark.Thresholds.Select(t => $"**{F(Recall(atK, t))}**")) + " |");
            md.AppendLine("| **precision** | | " + string.Join(" | ", NearDupBenchmark.Thresholds.Select(t => $"**{F(Precision(atK, t))}**")) + " |");
            md.AppendLine();
        }

        md.AppendLine("Operating points that meet the goal (recall ≥ 0.95 at precision ≥ 0.99) on this benchmark:").AppendLine();
        var meeting = r.Points.GroupBy(p => (p.ShingleChars, p.Threshold)).Where(g => Recall(g, g.Key.Threshold) >= 0.95 && Precision(g, g.Key.Threshold) >= 0.99).Select(g => $"k={g.Key.ShingleChars}, threshold {g.Key.Threshold:0.00}").ToList();
        md.AppendLine(meeting.Count == 0 ? "- none" : string.Join("\n", meeting.Select(m => "- " + m))).AppendLine();
        md.AppendLine("## Duplicates found in the unmodified corpora").AppendLine();
        md.AppendLine($"The pipeline with the default scheme ({r.DefaultShingleChars}-character shingles) over each whole corpus at three thresholds: documents it would drop as duplicates of earlier ones. These corpora have no known duplicates, so near ones here are mostly false positives (or genuinely repeated articles).").AppendLine();
        md.AppendLine("| corpus | threshold | exact | near |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        foreach (var check in r.InCorpora)
        {
            md.AppendLine($"| {check.Corpus} | {check.Threshold:0.0} | {check.Exact} | {check.Near} |");
        }

        md.AppendLine().AppendLine($"Examples at the default threshold ({r.DefaultThreshold:0.0#}):").AppendLine();
        foreach (var check in r.InCorpora.Where(c => Math.Abs(c.Threshold - r.DefaultThreshold) < 0.001 || (r.DefaultThreshold is > 0.7 and < 0.8 && c.Threshold == 0.7)))
        {
            foreach (var d in check.Examples)
            {
                md.AppendLine($"- {check.Corpus} `{d.Id}` → `{d.DuplicateOf}` ({d.Kind.ToLowerInvariant()}, {d.Similarity:0.###}): “{Snippet(d.Text)}” / “{Snippet(d.DuplicateOfText)}”");
            }
        }

        md.AppendLine().AppendLine($"Whole `governance` sub-command: {r.WallSeconds:0} s; load average at the end {r.LoadAverageAtEnd}. Reproduce: `bench/run-e2e.sh governance` (see bench/README.md).");
        return md.ToString();
    }

    private static double Share(NearDupPoint point) => point.Pairs == 0 ? double.NaN : (double)point.Flagged / point.Pairs;

    private static double Recall(IEnumerable<NearDupPoint> points, double threshold)
    {
        var positives = points.Where(p => p.Threshold == threshold && p.Duplicate).ToList();
        return (double)positives.Sum(p => p.Flagged) / positives.Sum(p => p.Pairs);
    }

    private static double Precision(IEnumerable<NearDupPoint> points, double threshold)
    {
        var at = points.Where(p => p.Threshold == threshold).ToList();
        var truePositives = at.Where(p => p.Duplicate).Sum(p => p.Flagged);
        var falsePositives = at.Where(p => !p.Duplicate).Sum(p => p.Flagged);
        return truePositives + falsePositives == 0 ? double.NaN : (double)truePositives / (truePositives + falsePositives);
    }

    private static string Snippet(string text) => (text.Length <= 40 ? text : text[..40] + "…").ReplaceLineEndings(" ");
}

internal sealed record ThroughputSummary(string Corpus, string Contender, double MBPerCoreSecond, double WallMBPerSecond, double RatioPerCore, double RatioWall, int Kept);

internal sealed record CorpusCheck(string Corpus, double Threshold, int Exact, int Near, List<CorpusDuplicate> Examples);

internal sealed record GovernanceBenchReport(MachineInfo Machine, List<ThroughputSummary> Throughput, List<ThroughputSample> Samples, List<StepCost> Steps, int Pairs, List<NearDupPoint> Points, List<CorpusCheck> InCorpora, int DefaultShingleChars, double DefaultThreshold, string LoadAverageAtEnd, double WallSeconds);
