using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Parsing;
using Hunyu.Search.Lucene;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// <c>ingest</c>: the statutes corpus through <see cref="KnowledgeBase.IngestAsync"/> versus plain Lucene.NET
/// (<see cref="PlainLuceneIndexer"/>), interleaved, plus Hunyu's parse+normalise+chunk stage alone.
/// </summary>
internal static class IngestBenchmark
{
    private const string Domain = "statutes";
    private const int WarmUpArticles = 1_000;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var started = Stopwatch.StartNew();
        var machine = MachineInfo.Capture(options.RepoRoot);
        var corpus = options.StatutesCorpus;
        var articles = CorpusFile.ReadArticles(corpus).ToList();
        long textBytes = articles.Sum(a => (long)Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Text));
        long fileBytes = new FileInfo(corpus).Length;
        Console.WriteLine($"ingest: {corpus}: {articles.Count:N0} articles, {fileBytes / 1e6:0.00} MB file, {textBytes / 1e6:0.00} MB title+text");

        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-ingest-{Environment.ProcessId}"));
        try
        {
            // Warm-up on a slice: JIT, jieba's dictionary, SQLite; not reported.
            var slice = Path.Combine(work.FullName, "warmup.jsonl");
            File.WriteAllLines(slice, File.ReadLines(corpus).Take(WarmUpArticles));
            await RunHunyuAsync(slice, work.FullName);
            RunPlain(slice, work.FullName);
            RunChunkOnly(slice);
            await RunIndexOnlyAsync(slice, work.FullName, IngestionJob.BatchSize);

            var samples = new List<IngestSample>();
            for (var rep = 1; rep <= options.Repetitions; rep++)
            {
                samples.Add(await RunHunyuAsync(corpus, work.FullName) with { Repetition = rep });
                samples.Add(RunPlain(corpus, work.FullName) with { Repetition = rep });
                samples.Add(RunChunkOnly(corpus) with { Repetition = rep });
                samples.Add(await RunIndexOnlyAsync(corpus, work.FullName, IngestionJob.BatchSize) with { Repetition = rep });
                samples.Add(await RunIndexOnlyAsync(corpus, work.FullName, int.MaxValue) with { Repetition = rep });
                foreach (var s in samples.TakeLast(5))
                {
                    Console.WriteLine($"  rep {rep} {s.Contender,-12} {s.Seconds,7:0.00} s ({s.CpuSeconds:0.00} s CPU)  {s.AllocatedBytes / 1e9,6:0.00} GB allocated  gen0/1/2 {s.Gen0}/{s.Gen1}/{s.Gen2}");
                }
            }

            var summary = Summarise(samples, articles.Count, textBytes, fileBytes);
            var result = new IngestReport(machine, options.StatutesCorpusForReport, articles.Count, fileBytes, textBytes, options.Repetitions, summary, samples, MachineInfo.ReadLoadAverage(), Math.Round(started.Elapsed.TotalSeconds, 1));
            Write(options.OutputDirectory, "ingest", ToMarkdown(result), result);
            return 0;
        }
        finally
        {
            work.Delete(recursive: true);
        }
    }

    private static async Task<IngestSample> RunHunyuAsync(string corpus, string work)
    {
        var data = Path.Combine(work, "hunyu");
        var before = Counters.Take();
        IngestionResult result;
        using (var knowledge = KnowledgeBase.Open(data))
        {
            result = await knowledge.IngestAsync(new IngestionRequest { Path = corpus, Domain = Domain });
        }

        var sample = Counters.Since(before, "hunyu", result.Documents, DirectorySize(Path.Combine(data, "indexes", Domain)));
        if (result.Report.Failed.Count > 0)
        {
            throw new InvalidOperationException($"hunyu ingest: {result.Report.Failed.Count} failures; first: {result.Report.Failed[0].Reason}");
        }

        Directory.Delete(data, recursive: true);
        return sample with { Chunks = result.Report.Chunks };
    }

    private static IngestSample RunPlain(string corpus, string work)
    {
        var index = Path.Combine(work, "plain");
        Directory.CreateDirectory(index);
        var before = Counters.Take();
        var documents = PlainLuceneIndexer.Index(corpus, index);
        var sample = Counters.Since(before, "plain-lucene", documents, DirectorySize(index));
        Directory.Delete(index, recursive: true);
        return sample with { Chunks = documents };
    }

    /// <summary>Hunyu's front half alone: JSON Lines parser, normaliser and chunker, nothing written.</summary>
    private static IngestSample RunChunkOnly(string corpus)
    {
        var before = Counters.Take();
        var parser = (IRecordParser)ParserRegistry.CreateDefault().GetParser(corpus);
        var chunker = new StructuredChunker(new ChunkingOptions());
        var problems = new List<ParseProblem>();
        int documents = 0, chunks = 0;
        using (var stream = File.OpenRead(corpus))
        {
            foreach (var parsed in parser.Parse(stream, Path.GetFileName(corpus), problems))
            {
                chunks += chunker.Chunk(DocumentIds.ForDocument("bench", parsed.RecordKey ?? "x"), parsed.Blocks).Chunks.Count;
                documents++;
            }
        }

        return Counters.Since(before, "parse+chunk", documents, 0) with { Chunks = chunks };
    }

    /// <summary>
    /// Hunyu's index path without the job and catalog: parse, chunk, <see cref="LuceneDomainIndex.Replace"/>,
    /// a commit every <paramref name="commitEvery"/> documents, then compaction, as <see cref="IngestionJob"/> does it.
    /// </summary>
    private static async Task<IngestSample> RunIndexOnlyAsync(string corpus, string work, int commitEvery)
    {
        var path = Path.Combine(work, "index-only");
        var before = Counters.Take();
        var parser = (IRecordParser)ParserRegistry.CreateDefault().GetParser(corpus);
        var chunker = new StructuredChunker(new ChunkingOptions());
        var problems = new List<ParseProblem>();
        int documents = 0, chunks = 0;
        var now = DateTimeOffset.UtcNow;
        using (var index = new LuceneDomainIndex(Domain, path))
        {
            using (var stream = File.OpenRead(corpus))
            {
                foreach (var parsed in parser.Parse(stream, Path.GetFileName(corpus), problems))
                {
                    var key = $"corpus.jsonl#{parsed.RecordKey}";
                    var id = DocumentIds.ForDocument("bench", key);
                    var chunked = chunker.Chunk(id, parsed.Blocks);
                    var document = new Document(id, "bench", Domain, key, parsed.Title ?? key, "file:///corpus.jsonl", string.Empty, 1, now, now, parsed.Metadata, Acl.Public);
                    index.Replace(document, chunked.Chunks);
                    chunks += chunked.Chunks.Count;
                    if (++documents % commitEvery == 0)
                    {
                        await index.CommitAsync();
                    }
                }
            }

            await index.CommitAsync();
            await index.CompactAsync();
        }

        var sample = Counters.Since(before, commitEvery == int.MaxValue ? "index-only, one commit" : $"index-only, commit per {commitEvery:N0}", documents, DirectorySize(path));
        Directory.Delete(path, recursive: true);
        return sample with { Chunks = chunks };
    }

    private static long DirectorySize(string path) =>
        new DirectoryInfo(path).EnumerateFiles("*", SearchOption.AllDirectories).Sum(f => f.Length);

    private static List<IngestSummary> Summarise(List<IngestSample> samples, int articles, long textBytes, long fileBytes)
    {
        var hunyu = samples.Where(s => s.Contender == "hunyu").ToList();
        var plain = samples.Where(s => s.Contender == "plain-lucene").ToList();
        var ratio = Stats.Median(hunyu.Zip(plain, (h, p) => p.Seconds / h.Seconds));
        return samples.GroupBy(s => s.Contender).Select(g =>
        {
            var seconds = Stats.Median(g.Select(s => s.Seconds));
            return new IngestSummary(
                g.Key,
                Math.Round(seconds, 2),
                Math.Round(Stats.Median(g.Select(s => s.CpuSeconds)), 2),
                Math.Round(textBytes / 1e6 / seconds, 2),
                Math.Round(fileBytes / 1e6 / seconds, 2),
                Math.Round(articles / seconds, 0),
                Math.Round(Stats.Median(g.Select(s => (double)s.AllocatedBytes)) / 1e6, 0),
                Stats.Median(g.Select(s => (double)s.Gen0)),
                Stats.Median(g.Select(s => (double)s.Gen2)),
                Math.Round(Stats.Median(g.Select(s => (double)s.IndexBytes)) / 1e6, 1),
                g.Key == "hunyu" ? Math.Round(ratio, 2) : double.NaN);
        }).ToList();
    }

    private static string ToMarkdown(IngestReport r)
    {
        var md = new StringBuilder();
        var hunyu = r.Summary.Single(s => s.Contender == "hunyu");
        var plain = r.Summary.Single(s => s.Contender == "plain-lucene");
        var chunk = r.Summary.Single(s => s.Contender == "parse+chunk");
        md.AppendLine("# Ingest: Hunyu vs plain Lucene.NET (statutes-zh)").AppendLine();
        md.AppendLine($"**Hunyu / plain Lucene throughput: {F(hunyu.RatioToPlain)}** (median of {r.Repetitions} paired repetitions; 1.0 = as fast as plain Lucene).").AppendLine();
        md.AppendLine(r.Machine.ToMarkdown()).AppendLine();
        md.AppendLine("## Method").AppendLine();
        md.AppendLine($"- Corpus: `statutes-zh/corpus.jsonl`, {r.Articles:N0} articles, {r.FileBytes / 1e6:0.00} MB file, {r.TextBytes / 1e6:0.00} MB of title+text (UTF-8). MB/s below is title+text MB per second; \"file MB/s\" uses the file size.");
        md.AppendLine("- **hunyu**: `KnowledgeBase.Open(temp)` → `IngestAsync(new IngestionRequest { Path = corpus, Domain = \"statutes\" })` → `Dispose()`, timed end to end: connector, JSON Lines parser, normaliser, chunker, content hash, Lucene writes (commit every 1,000 documents), SQLite catalog, final compaction (ForceMerge(1)).");
        md.AppendLine("- **plain-lucene**: `System.Text.Json` per line, one Lucene document per article with Hunyu's analyzers and analysed fields (`ChunkAnalyzers.Index`; title+text into `words` and `bigrams`, title into `title_words`), id/title/text stored, same RAM buffer (64 MB) and BM25 similarity, one commit, ForceMerge(1), commit.");
        md.AppendLine("- **parse+chunk**: Hunyu's `JsonLinesParser` + `StructuredChunker` (normalisation included) over the same file, nothing indexed: the share of Hunyu's time that is not Lucene.");
        md.AppendLine($"- **index-only, commit per {IngestionJob.BatchSize:N0}**: parse+chunk, then Hunyu's own `LuceneDomainIndex` (`Replace` = `UpdateDocuments` by document id, Hunyu's fields and merge policy), `CommitAsync` (commit + `SearcherManager` refresh) every {IngestionJob.BatchSize:N0} documents as `IngestionJob` does, then `CompactAsync`: Hunyu without the job, content hash and SQLite catalog. **index-only, one commit**: the same with a single commit before compaction.");
        md.AppendLine($"- One warm-up of each on the first {WarmUpArticles:N0} articles (JIT, jieba dictionary), then {r.Repetitions} repetitions interleaved hunyu, plain, parse+chunk, hunyu, plain, …; figures are medians; the ratio is the median of per-repetition ratios. Each run writes a fresh index into a temp folder.");
        md.AppendLine($"- The machine is shared (2 cores, other builds and tests run concurrently; load average {r.Machine.LoadAverage} at start, {r.LoadAverageAtEnd} at end): absolute times are noisy, the ratio of one run is what to compare.").AppendLine();
        md.AppendLine("## Figures").AppendLine();
        md.AppendLine("| contender | seconds | CPU s | MB/s (text) | MB/s (file) | documents/s | allocated MB | gen0 GCs | gen2 GCs | index MB | ratio to plain |");
        md.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |");
        foreach (var s in r.Summary)
        {
            md.AppendLine($"| {s.Contender} | {F(s.Seconds)} | {F(s.CpuSeconds)} | {F(s.TextMBPerSecond)} | {F(s.FileMBPerSecond)} | {F(s.DocumentsPerSecond)} | {F(s.AllocatedMB)} | {F(s.Gen0)} | {F(s.Gen2)} | {(s.IndexMB > 0 ? F(s.IndexMB) : "–")} | {(double.IsNaN(s.RatioToPlain) ? "–" : F(s.RatioToPlain))} |");
        }

        md.AppendLine();
        var batched = r.Summary.Single(s => s.Contender.StartsWith("index-only, commit per", StringComparison.Ordinal));
        var single = r.Summary.Single(s => s.Contender == "index-only, one commit");
        md.AppendLine("Where Hunyu's extra cost comes from, by difference between contenders. Allocation is deterministic (the same in every repetition), so its split is exact; the time split is a difference of medians and only as good as the machine's quietness.").AppendLine();
        md.AppendLine("| step | extra allocated MB | extra seconds | extra CPU seconds |");
        md.AppendLine("| --- | ---: | ---: | ---: |");
        md.AppendLine($"| parse + normalise + chunk (Hunyu's front half) | {F(chunk.AllocatedMB)} | {F(chunk.Seconds)} | {F(chunk.CpuSeconds)} |");
        md.AppendLine($"| Hunyu's Lucene documents with one commit vs plain (more stored fields, `UpdateDocuments` by id, merge policy), net of the front half | {F(single.AllocatedMB - plain.AllocatedMB - chunk.AllocatedMB)} | {F(single.Seconds - plain.Seconds - chunk.Seconds)} | {F(single.CpuSeconds - plain.CpuSeconds - chunk.CpuSeconds)} |");
        md.AppendLine($"| a commit + searcher refresh every {IngestionJob.BatchSize:N0} documents instead of one (small segments flushed, merged by the policy, readers reopened) | {F(batched.AllocatedMB - single.AllocatedMB)} | {F(batched.Seconds - single.Seconds)} | {F(batched.CpuSeconds - single.CpuSeconds)} |");
        md.AppendLine($"| the job: connector, orphan check, content hash, SQLite catalog | {F(hunyu.AllocatedMB - batched.AllocatedMB)} | {F(hunyu.Seconds - batched.Seconds)} | {F(hunyu.CpuSeconds - batched.CpuSeconds)} |");
        md.AppendLine($"| **hunyu − plain** | **{F(hunyu.AllocatedMB - plain.AllocatedMB)}** | **{F(hunyu.Seconds - plain.Seconds)}** | **{F(hunyu.CpuSeconds - plain.CpuSeconds)}** |").AppendLine();
        md.AppendLine("## Samples").AppendLine();
        md.AppendLine("| repetition | contender | seconds | CPU seconds (all threads) | allocated MB | gen0/gen1/gen2 | documents | chunks |");
        md.AppendLine("| ---: | --- | ---: | ---: | ---: | --- | ---: | ---: |");
        foreach (var s in r.Samples)
        {
            md.AppendLine($"| {s.Repetition} | {s.Contender} | {F(s.Seconds)} | {F(s.CpuSeconds)} | {F(s.AllocatedBytes / 1e6)} | {s.Gen0}/{s.Gen1}/{s.Gen2} | {s.Documents:N0} | {s.Chunks:N0} |");
        }

        md.AppendLine().AppendLine($"Whole `ingest` sub-command: {r.WallSeconds:0} s. Reproduce: `bench/run-e2e.sh ingest` (see bench/README.md).");
        return md.ToString();
    }

    /// <summary>Process-wide allocation and GC counters, read after a full collection.</summary>
    private readonly record struct Counters(long Allocated, int Gen0, int Gen1, int Gen2, TimeSpan Cpu, long Timestamp)
    {
        public static Counters Take()
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
            GC.Collect();
            return new Counters(GC.GetTotalAllocatedBytes(precise: true), GC.CollectionCount(0), GC.CollectionCount(1), GC.CollectionCount(2), Process.GetCurrentProcess().TotalProcessorTime, Stopwatch.GetTimestamp());
        }

        public static IngestSample Since(Counters before, string contender, int documents, long indexBytes)
        {
            var seconds = Stopwatch.GetElapsedTime(before.Timestamp).TotalSeconds;
            return new IngestSample(
                contender,
                0,
                Math.Round(seconds, 3),
                Math.Round((Process.GetCurrentProcess().TotalProcessorTime - before.Cpu).TotalSeconds, 3),
                GC.GetTotalAllocatedBytes(precise: true) - before.Allocated,
                GC.CollectionCount(0) - before.Gen0,
                GC.CollectionCount(1) - before.Gen1,
                GC.CollectionCount(2) - before.Gen2,
                documents,
                0,
                indexBytes);
        }
    }
}

internal sealed record IngestSample(string Contender, int Repetition, double Seconds, double CpuSeconds, long AllocatedBytes, int Gen0, int Gen1, int Gen2, int Documents, int Chunks, long IndexBytes);

internal sealed record IngestSummary(string Contender, double Seconds, double CpuSeconds, double TextMBPerSecond, double FileMBPerSecond, double DocumentsPerSecond, double AllocatedMB, double Gen0, double Gen2, double IndexMB, double RatioToPlain);

internal sealed record IngestReport(MachineInfo Machine, string Corpus, int Articles, long FileBytes, long TextBytes, int Repetitions, List<IngestSummary> Summary, List<IngestSample> Samples, string LoadAverageAtEnd, double WallSeconds);
