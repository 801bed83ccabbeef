using BenchmarkDotNet.Attributes;
using Hunyu.Search.Lucene;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;

namespace Hunyu.Benchmarks.Micro;

/// <summary>Normalisation of 100 KB of Chinese text, and the analysis of a lay question.</summary>
[MemoryDiagnoser]
public class TextBenchmarks
{
    private string _raw = string.Empty;
    private string _normal = string.Empty;
    private string _question = string.Empty;

    [GlobalSetup]
    public void Setup()
    {
        // Statute text has full-width punctuation (，：；), so it takes the NFKC path.
        _raw = MicroData.Text(100 * 1024);
        _normal = TextNormalizer.Normalize(_raw);
        _question = TextNormalizer.Normalize(MicroData.LayQuestion);
    }

    [Benchmark(Description = "TextNormalizer.Normalize, 100 KB statutes (folds)")]
    public string NormalizeRaw() => TextNormalizer.Normalize(_raw);

    [Benchmark(Description = "TextNormalizer.Normalize, 100 KB already normal")]
    public string NormalizeNormal() => TextNormalizer.Normalize(_normal);

    [Benchmark(Description = "QueryTerms.ContentWords, lay question")]
    public int ContentWords() => QueryTerms.ContentWords(_question).Count;

    [Benchmark(Description = "QueryTerms.Bigrams, lay question")]
    public int Bigrams() => QueryTerms.Bigrams(_question).Count;

    [Benchmark(Description = "ChunkQueryBuilder.Build(Normalize(q)), lay question")]
    public object? BuildQuery() => ChunkQueryBuilder.Build(TextNormalizer.Normalize(MicroData.LayQuestion));
}
