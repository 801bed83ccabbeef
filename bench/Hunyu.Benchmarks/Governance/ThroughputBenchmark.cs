using System.Diagnostics;
using System.Text;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;
using Hunyu.Text.Normalization;

namespace Hunyu.Benchmarks.Governance;

/// <summary>
/// Throughput of the governance pipeline against reading + normalising alone, on the same corpus file, interleaved
/// (A, B, C, A, B, C, …), each contender reading and parsing the file itself.
/// </summary>
internal static class ThroughputBenchmark
{
    public const string ReadNormalize = "read+normalise";
    public const string Governance = "read+governance";
    public const string GovernanceOneWorker = "read+governance, one worker";
    public const string GovernanceChunks = "read+governance+chunk+chunk-dedup";
    public const string ReadNormalizeChunk = "read+normalise+chunk";

    /// <summary>Each measurement reads the corpus this many times over when it is small, so that it lasts long enough to time.</summary>
    private const long MinBytesPerSample = 12_000_000;

    public static List<ThroughputSample> Run(string corpus, int repetitions)
    {
        var fileBytes = new FileInfo(corpus).Length;
        var textBytes = CorpusFile.ReadArticles(corpus).Sum(a => (long)Encoding.UTF8.GetByteCount(a.Title) + Encoding.UTF8.GetByteCount(a.Text));
        var passes = (int)Math.Max(1, Math.Ceiling((double)MinBytesPerSample / fileBytes));
        var contenders = new (string Name, Func<string, int> Run)[]
        {
            (ReadNormalize, ReadAndNormalize),
            (Governance, file => Govern(file, chunk: false)),
            (GovernanceOneWorker, file => Govern(file, chunk: false, workers: 1)),
            (GovernanceChunks, file => Govern(file, chunk: true)),
            (ReadNormalizeChunk, ReadNormalizeAndChunk),
        };

        // Warm-up: JIT, the Traditional/Simplified table, the code pages.
        foreach (var (_, run) in contenders)
        {
            run(corpus);
        }

        var samples = new List<ThroughputSample>();
        for (var rep = 1; rep <= repetitions; rep++)
        {
            // Rotate the order so no contender always runs first after a GC-heavy one.
            foreach (var (name, run) in contenders.Skip(rep % contenders.Length).Concat(contenders.Take(rep % contenders.Length)))
            {
                GC.Collect();
                GC.WaitForPendingFinalizers();
                var cpu = Process.GetCurrentProcess().TotalProcessorTime;
                var watch = Stopwatch.StartNew();
                var kept = 0;
                for (var pass = 0; pass < passes; pass++)
                {
                    kept = run(corpus);
                }

                var seconds = watch.Elapsed.TotalSeconds;
                var cpuSeconds = (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds;
                samples.Add(new ThroughputSample(Path.GetFileName(Path.GetDirectoryName(corpus)!), name, rep, passes, fileBytes * passes, textBytes * passes, seconds, cpuSeconds, kept));
            }
        }

        return samples;
    }

    private static IEnumerable<ParsedDocument> Read(string corpus)
    {
        var problems = new List<ParseProblem>();
        using var stream = File.OpenRead(corpus);
        foreach (var document in new JsonLinesParser().Parse(stream, corpus, problems))
        {
            yield return document;
        }
    }

    private static int ReadAndNormalize(string corpus)
    {
        var documents = 0;
        foreach (var document in Read(corpus))
        {
            TextNormalizer.Normalize(document.Title);
            foreach (var block in document.Blocks)
            {
                TextNormalizer.Normalize(block.Text);
            }

            documents++;
        }

        return documents;
    }

    private static int ReadNormalizeAndChunk(string corpus)
    {
        var chunker = new StructuredChunker(new ChunkingOptions());
        var documents = 0;
        foreach (var document in Read(corpus))
        {
            TextNormalizer.Normalize(document.Title);
            chunker.Chunk(document.RecordKey ?? "x", document.Blocks);
            documents++;
        }

        return documents;
    }

    private static int Govern(string corpus, bool chunk, int workers = 0)
    {
        var options = new GovernanceOptions { Dedup = new DedupOptions { Chunks = chunk } };
        var pipeline = GovernancePipeline.CreateDefault(workers > 0 ? options with { MaxDegreeOfParallelism = workers } : options);
        var chunker = new StructuredChunker(new ChunkingOptions());
        var inputs = Read(corpus).Select(document => new GovernanceInput(document.RecordKey!, document));
        var kept = 0;
        foreach (var outcome in pipeline.Run(inputs, chunk ? document => chunker.Chunk(document.Id, document.Blocks).Chunks : null))
        {
            kept += outcome.Kept ? 1 : 0;
        }

        return kept;
    }
}

internal sealed record ThroughputSample(string Corpus, string Contender, int Repetition, int Passes, long FileBytes, long TextBytes, double Seconds, double CpuSeconds, int Kept);
