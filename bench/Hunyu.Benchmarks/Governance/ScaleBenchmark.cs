using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Governance;

/// <summary>
/// <c>governance-scale</c>: memory of the governance pipeline on a large synthetic corpus generated on the fly from
/// the real paragraphs of statutes, CMRC and DRCD (never written to disk): documents of 6–14 random paragraphs, 10 %
/// exact copies and 10 % near copies (2 % of the characters edited) of recent documents, and one flood of 2 % copies
/// of a single document. The GC heap after a full collection and the peak working set are read at 10 %, 50 % and
/// 100 % of the input, next to what the dedup index holds by design (kept items × its bytes per item).
/// </summary>
internal static class ScaleBenchmark
{
    private const int Seed = 20261129;
    private const double ExactShare = 0.10;
    private const double NearShare = 0.10;
    private const double FloodShare = 0.02;
    private const int RecentDocuments = 2_000;
    private static readonly double[] Checkpoints = [0.1, 0.5, 1.0];
    private static readonly string[] Corpora = ["statutes-zh", "cmrc2018-trial", "drcd-dev"];

    public static int Run(BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var machine = MachineInfo.Capture(options.RepoRoot);
        var paragraphs = Corpora
            .SelectMany(corpus => CorpusFile.ReadArticles(Path.Combine(options.DataRoot, corpus, "corpus.jsonl")))
            .Select(article => article.Text)
            .Where(text => text.Length >= 20)
            .ToArray();
        var target = options.Megabytes * 1_000_000L;
        var dedup = new DedupOptions { Chunks = false };
        var index = new InMemoryDedupIndex(dedup);
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions { Dedup = dedup }, documentIndex: index);
        using var report = new GovernanceReport();
        var bytesPerItem = index.BytesPerItem(idChars: 8);
        GC.Collect();
        var baseline = GC.GetTotalMemory(forceFullCollection: true);
        var points = new List<ScalePoint>();
        long bytes = 0;
        var next = 0;
        var cpu = Process.GetCurrentProcess().TotalProcessorTime;
        foreach (var outcome in pipeline.Run(Generate(paragraphs, target), sink: report))
        {
            bytes += outcome.Document.Parsed.Blocks.Sum(block => (long)Encoding.UTF8.GetByteCount(block.Text));
            if (next < Checkpoints.Length && bytes >= Checkpoints[next] * target)
            {
                var heap = GC.GetTotalMemory(forceFullCollection: true);
                using var process = Process.GetCurrentProcess();
                points.Add(new ScalePoint(
                    Checkpoints[next],
                    Math.Round(bytes / 1e6, 1),
                    report.Documents,
                    index.Count,
                    report.Duplicates.Count,
                    report.Duplicates.Spilled,
                    Math.Round((heap - baseline) / 1e6, 1),
                    Math.Round(index.Count * bytesPerItem / 1e6, 1),
                    Math.Round(index.MemoryBytes / 1e6, 1),
                    Math.Round((heap - baseline - index.MemoryBytes) / 1e6, 1),
                    Math.Round(process.PeakWorkingSet64 / 1e6, 1),
                    Math.Round(started.Elapsed.TotalSeconds, 1)));
                Console.WriteLine($"governance-scale: {points[^1]}");
                next++;
            }
        }

        var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
        var result = new ScaleReport(machine, options.Megabytes, bytesPerItem, points, Math.Round(bytes / 1e6 / cpuSeconds, 1), MachineInfo.ReadLoadAverage(), Math.Round(started.Elapsed.TotalSeconds, 1));
        Write(options.OutputDirectory, "governance-scale", ToMarkdown(result), result);
        return 0;
    }

    /// <summary>The synthetic corpus, generated as it is read: nothing of it is held but the recent documents that copies are made of.</summary>
    private static IEnumerable<GovernanceInput> Generate(string[] paragraphs, long targetBytes)
    {
        var random = new Random(Seed);
        var recent = new string[RecentDocuments];
        string? flooded = null;
        long bytes = 0;
        for (var i = 0; bytes < targetBytes; i++)
        {
            var roll = random.NextDouble();
            string text;
            if (i > RecentDocuments && roll < ExactShare)
            {
                text = recent[random.Next(RecentDocuments)];
            }
            else if (i > RecentDocuments && roll < ExactShare + NearShare)
            {
                text = Edit(recent[random.Next(RecentDocuments)], random);
            }
            else if (flooded is not null && roll < ExactShare + NearShare + FloodShare)
            {
                text = flooded;
            }
            else
            {
                var builder = new StringBuilder();
                for (var p = random.Next(6, 15); p > 0; p--)
                {
                    builder.Append(paragraphs[random.Next(paragraphs.Length)]).Append('\n');
                }

                text = builder.ToString();
                flooded ??= text;
            }

            recent[i % RecentDocuments] = text;
            var id = $"s{i:x7}";
            var blocks = text.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => new TextBlock(BlockKind.Paragraph, line)).ToList();

            // Counted as the reader counts it (the blocks' text), so the last checkpoint is reached.
            bytes += blocks.Sum(block => (long)Encoding.UTF8.GetByteCount(block.Text));
            yield return new GovernanceInput(id, new ParsedDocument(id, id, blocks, new Dictionary<string, string>()));
        }
    }

    /// <summary>A copy with 2 % of its characters replaced by others of the same text.</summary>
    private static string Edit(string text, Random random)
    {
        var chars = text.ToCharArray();
        for (var edits = Math.Max(1, chars.Length / 50); edits > 0; edits--)
        {
            var at = random.Next(chars.Length);
            if (chars[at] != '\n')
            {
                chars[at] = text[random.Next(text.Length)] is var c and not '\n' ? c : '。';
            }
        }

        return new string(chars);
    }

    private static string ToMarkdown(ScaleReport r)
    {
        var md = new StringBuilder();
        md.AppendLine("# Governance pipeline: memory at scale").AppendLine();
        md.AppendLine(r.Machine.ToMarkdown()).AppendLine();
        md.AppendLine($"A synthetic corpus of {r.Megabytes:N0} MB of UTF-8 text, generated on the fly from the real paragraphs of statutes-zh, cmrc2018-trial and drcd-dev (seed {Seed}; never written to disk): documents of 6–14 random paragraphs, {ExactShare:P0} exact copies and {NearShare:P0} near copies (2 % of the characters replaced) of one of the {RecentDocuments:N0} previous documents, and a flood of {FloodShare:P0} copies of the first document. `GovernancePipeline.CreateDefault(...).Run` with an `InMemoryDedupIndex` (document level) and a `GovernanceReport` sink, as `hunyu clean --no-chunks` runs it. Builder: `bench/Hunyu.Benchmarks/Governance/ScaleBenchmark.cs`.").AppendLine();
        md.AppendLine($"- **GC heap** is `GC.GetTotalMemory(true)` (after a full collection) minus the same before the run; **index by design** is kept items × `InMemoryDedupIndex.BytesPerItem` ({r.BytesPerItem:N0} bytes with 128 slots and 8-character ids, arrays full); **index held** is `InMemoryDedupIndex.MemoryBytes`, what it holds now (its item pages grow a page of 1,024 items at a time and its band table doubles, so somewhat above the design figure, plus the ids of recorded duplicates); **rest** is the heap minus the index held: everything the pipeline and the report hold besides the index. Flat means the rest does not grow with the input.");
        md.AppendLine($"- The report holds {ReportEntryCollection<DuplicateEntry>.DefaultEntriesInMemory:N0} entries per list in memory and spills the rest to a temporary file (`spilled`).").AppendLine();
        md.AppendLine("| input | MB read | documents | kept in index | duplicates in report | report spilled | GC heap MB | index by design MB | index held MB | rest MB | peak working set MB | elapsed s |");
        md.AppendLine("| ---: | ---: | ---: | ---: | ---: | --- | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var p in r.Points)
        {
            md.AppendLine($"| {p.Share:P0} | {F(p.Megabytes)} | {p.Documents:N0} | {p.Kept:N0} | {p.Duplicates:N0} | {(p.Spilled ? "yes" : "no")} | {F(p.HeapMegabytes)} | {F(p.IndexMegabytes)} | {F(p.IndexHeldMegabytes)} | {F(p.RestMegabytes)} | {F(p.PeakWorkingSetMegabytes)} | {F(p.Seconds)} |");
        }

        md.AppendLine().AppendLine($"Throughput over the whole run: {F(r.MBPerCoreSecond)} MB per CPU-second (generation included). Whole sub-command: {r.WallSeconds:0} s; load average at the end {r.LoadAverageAtEnd}. Reproduce: `dotnet run -c Release --project bench/Hunyu.Benchmarks -- governance-scale --mb {r.Megabytes}`.");
        return md.ToString();
    }
}

internal sealed record ScalePoint(double Share, double Megabytes, int Documents, int Kept, int Duplicates, bool Spilled, double HeapMegabytes, double IndexMegabytes, double IndexHeldMegabytes, double RestMegabytes, double PeakWorkingSetMegabytes, double Seconds);

internal sealed record ScaleReport(MachineInfo Machine, int Megabytes, long BytesPerItem, List<ScalePoint> Points, double MBPerCoreSecond, string LoadAverageAtEnd, double WallSeconds);
