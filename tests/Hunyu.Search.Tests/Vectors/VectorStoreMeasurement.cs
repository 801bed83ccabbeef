using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;
using System.Text;
using Hunyu.Models.Tests.Embeddings;
using Hunyu.Search.Vectors;

namespace Hunyu.Search.Tests.Vectors;

/// <summary>
/// The measurement behind <c>bench/results/vectors.md</c> (no BenchmarkDotNet): exact search latency over
/// 100,000 × 384 vectors in float32 and int8, memory per vector, and int8 recall@10 against float32 on random and
/// MiniLM vectors. Opt-in: it takes minutes and overwrites the report. Run with
/// <c>HUNYU_BENCH=1 dotnet test tests/Hunyu.Search.Tests -c Release --filter "FullyQualifiedName~VectorStoreMeasurement"</c>.
/// </summary>
public sealed class VectorStoreMeasurement(MiniLmModel model) : IClassFixture<MiniLmModel>, IDisposable
{
    private const int Seed = 20251125;
    private const int Vectors = 100_000;
    private const int Dims = 384;
    private const int Warmup = 30;
    private const int Queries = 300;
    private const int MiniLmCorpus = 5_000;
    private const int MiniLmQueries = 200;
    private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("hunyu-vector-bench-");

    public void Dispose() => _root.Delete(recursive: true);

    [Fact]
    public async Task Measure_100kVectors_WritesBenchResultsVectorsMd()
    {
        Assert.SkipUnless(Environment.GetEnvironmentVariable("HUNYU_BENCH") == "1", "opt-in measurement (minutes; rewrites bench/results/vectors.md): set HUNYU_BENCH=1");
        var log = TestContext.Current.TestOutputHelper;
        var random = new Random(Seed);
        var corpus = Enumerable.Range(0, Vectors).Select(_ => RandomVectors.Unit(random, Dims)).ToList();
        var queries = Enumerable.Range(0, Warmup + Queries).Select(_ => RandomVectors.Unit(random, Dims)).ToList();
        var folder = Path.Combine(_root.FullName, "random");

        var write = Stopwatch.StartNew();
        using (var writer = new DomainVectorStore("random", folder, "random@384"))
        {
            await RandomVectors.StoreAsync(writer, corpus);
        }

        write.Stop();
        var fileBytes = new FileInfo(Path.Combine(folder, DomainVectorStore.FileName)).Length;
        corpus = null!;
        log?.WriteLine($"wrote {Vectors:N0} vectors in {write.Elapsed.TotalSeconds:F1} s");

        var (exact, exactBytes, exactLoad) = OpenMeasured(folder, "random@384", VectorEncoding.Float32);
        var (quantised, quantisedBytes, quantisedLoad) = OpenMeasured(folder, "random@384", VectorEncoding.Int8);
        using (exact)
        using (quantised)
        {
            var permitted = Enumerable.Range(0, Vectors / 10 / 10).Select(i => RandomVectors.DocumentId(i * 10)).ToHashSet(StringComparer.Ordinal);
            var filter = VectorFilter.DocumentIds(permitted);
            var times = new Dictionary<string, List<double>>
            {
                ["float32"] = [],
                ["int8"] = [],
                ["float32, 10% of documents permitted"] = [],
                ["int8, 10% of documents permitted"] = [],
            };
            var recall = 0.0;
            for (var i = 0; i < queries.Count; i++)
            {
                // Contenders interleaved, order rotated, so machine noise hits all alike.
                var runs = new (string Name, Func<IReadOnlyList<VectorHit>> Run)[]
                {
                    ("float32", () => exact.Search(queries[i], 10, VectorFilter.Everything)),
                    ("int8", () => quantised.Search(queries[i], 10, VectorFilter.Everything)),
                    ("float32, 10% of documents permitted", () => exact.Search(queries[i], 10, filter)),
                    ("int8, 10% of documents permitted", () => quantised.Search(queries[i], 10, filter)),
                };
                var results = new Dictionary<string, IReadOnlyList<VectorHit>>();
                for (var r = 0; r < runs.Length; r++)
                {
                    var (name, run) = runs[(r + i) % runs.Length];
                    var watch = Stopwatch.StartNew();
                    results[name] = run();
                    watch.Stop();
                    if (i >= Warmup)
                    {
                        times[name].Add(watch.Elapsed.TotalMilliseconds);
                    }
                }

                if (i >= Warmup)
                {
                    var truth = results["float32"].Select(h => h.ChunkId).ToHashSet(StringComparer.Ordinal);
                    recall += results["int8"].Count(h => truth.Contains(h.ChunkId)) / 10.0;
                }
            }

            recall /= Queries;
            var (miniRecall, miniRate) = await MiniLmRecallAsync();
            var report = Report(times, recall, miniRecall, miniRate, exactBytes, quantisedBytes, exactLoad, quantisedLoad, fileBytes, write.Elapsed);
            var path = Path.Combine(RepositoryRoot(), "bench", "results", "vectors.md");
            await File.WriteAllTextAsync(path, report);
            log?.WriteLine(report);
        }
    }

    private static (DomainVectorStore Store, double BytesPerVector, TimeSpan Load) OpenMeasured(string folder, string modelName, VectorEncoding encoding)
    {
        var before = GC.GetTotalMemory(forceFullCollection: true);
        var watch = Stopwatch.StartNew();
        var store = new DomainVectorStore("random", folder, modelName, new VectorStoreOptions { Encoding = encoding });
        watch.Stop();
        var after = GC.GetTotalMemory(forceFullCollection: true);
        return (store, (after - before) / (double)store.Count, watch.Elapsed);
    }

    private async Task<(double Recall, double SentencesPerSecond)> MiniLmRecallAsync()
    {
        var random = new Random(Seed);
        var texts = TemplateSentences.Generate(random, MiniLmCorpus + MiniLmQueries);
        var watch = Stopwatch.StartNew();
        var vectors = (await model.Generator.GenerateAsync(texts)).Select(e => e.Vector.ToArray()).ToList();
        var rate = texts.Count / watch.Elapsed.TotalSeconds;
        var corpus = vectors.Take(MiniLmCorpus).ToList();
        var queries = vectors.Skip(MiniLmCorpus).ToList();
        var folder = Path.Combine(_root.FullName, "minilm");
        using var exact = new DomainVectorStore("minilm", folder, "all-MiniLM-L6-v2");
        await RandomVectors.StoreAsync(exact, corpus);
        using var quantised = new DomainVectorStore("minilm", folder, "all-MiniLM-L6-v2", new VectorStoreOptions { Encoding = VectorEncoding.Int8 });
        var recall = queries.Average(q =>
        {
            var truth = exact.Search(q, 10, VectorFilter.Everything).Select(h => h.ChunkId).ToHashSet(StringComparer.Ordinal);
            return quantised.Search(q, 10, VectorFilter.Everything).Count(h => truth.Contains(h.ChunkId)) / 10.0;
        });
        return (recall, rate);
    }

    private static string Report(
        Dictionary<string, List<double>> times, double recall, double miniRecall, double miniRate, double exactBytes, double quantisedBytes,
        TimeSpan exactLoad, TimeSpan quantisedLoad, long fileBytes, TimeSpan write)
    {
        var c = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.AppendLine("# Vector store: exact search latency, memory, int8 recall");
        text.AppendLine();
        text.AppendLine(c, $"Written by `VectorStoreMeasurement` (tests/Hunyu.Search.Tests/Vectors; `HUNYU_BENCH=1`, Release) on {DateTime.UtcNow:yyyy-MM-dd} UTC.");
        text.AppendLine(c, $"Machine: {Environment.ProcessorCount} cores, {CpuModel()}, {RuntimeInformation.FrameworkDescription}, {RuntimeInformation.OSDescription}; load average at the end {LoadAverage()}.");
        text.AppendLine(c, $"SIMD: Vector256 accelerated = {Vector256.IsHardwareAccelerated}, AVX2 = {Avx2.IsSupported}, AVX-512F = {Avx512F.IsSupported}.");
        text.AppendLine();
        text.AppendLine(c, $"Data: {Vectors:N0} random unit vectors × {Dims} dimensions (Gaussian components, seed {Seed}), 10 chunks per document; {Queries} random queries after {Warmup} warm-up queries; top 10; one thread, one query at a time; the four contenders interleaved with the order rotated.");
        text.AppendLine();
        text.AppendLine("## Latency of one query (ms)");
        text.AppendLine();
        text.AppendLine("| store | min | median | p95 | mean | queries/s (1 thread, from mean) |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: | ---: |");
        foreach (var (name, samples) in times)
        {
            samples.Sort();
            var mean = samples.Average();
            text.AppendLine(c, $"| {name} | {samples[0]:F2} | {Percentile(samples, 0.5):F2} | {Percentile(samples, 0.95):F2} | {mean:F2} | {1000 / mean:F0} |");
        }

        text.AppendLine();
        text.AppendLine("The machine is shared with other builds and benchmarks (see the load average above), so medians and tails carry their noise; the minimum is the best estimate of the cost of one uncontended query. Compare float32 with int8 within this run.");
        text.AppendLine();
        text.AppendLine("## Memory and disk");
        text.AppendLine();
        text.AppendLine("| encoding | vector payload (bytes) | managed heap per vector, measured (bytes) | load from file (s) |");
        text.AppendLine("| --- | ---: | ---: | ---: |");
        text.AppendLine(c, $"| float32 | {Dims * 4} | {exactBytes:F0} | {exactLoad.TotalSeconds:F1} |");
        text.AppendLine(c, $"| int8 | {Dims} + 4 (scale) | {quantisedBytes:F0} | {quantisedLoad.TotalSeconds:F1} |");
        text.AppendLine();
        text.AppendLine(c, $"The measured figure is the heap growth from opening the store divided by its vectors: components, chunk and document ids, the id-to-slot and document maps. The file holds float32 whatever the encoding: {fileBytes / (double)Vectors:F0} bytes per vector ({fileBytes / 1048576.0:F0} MB); writing all {Vectors:N0} in one commit took {write.TotalSeconds:F1} s.");
        text.AppendLine();
        text.AppendLine("## int8 recall@10 against float32 (exact)");
        text.AppendLine();
        text.AppendLine("| vectors | recall@10 |");
        text.AppendLine("| --- | ---: |");
        text.AppendLine(c, $"| random, {Vectors:N0} × {Dims}, {Queries} queries | {recall:P1} |");
        text.AppendLine(c, $"| all-MiniLM-L6-v2 sentence embeddings, {MiniLmCorpus:N0} templated English sentences × 384, {MiniLmQueries} queries (seed {Seed}) | {miniRecall:P1} |");
        text.AppendLine();
        text.AppendLine(c, $"MiniLM embedded {miniRate:F0} sentences/s here (ONNX Runtime CPU, batch 16, default threads).");
        text.AppendLine();
        text.AppendLine("Random vectors in 384 dimensions are nearly orthogonal, so their top-10 scores are close together: the hard case for quantisation. Real sentence embeddings cluster, and int8 keeps their order better.");
        return text.ToString();
    }

    private static double Percentile(List<double> sorted, double p) => sorted[(int)Math.Min(sorted.Count - 1, Math.Floor(p * sorted.Count))];

    private static string CpuModel() =>
        File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "unknown CPU"
            : "unknown CPU";

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "n/a";

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Hunyu.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException("repository root (Hunyu.slnx) not found above " + AppContext.BaseDirectory);
    }
}
