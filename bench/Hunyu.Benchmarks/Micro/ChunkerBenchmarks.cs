using BenchmarkDotNet.Attributes;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Benchmarks.Micro;

/// <summary>Chunking one long structured document: the Civil Code as one file (a heading, then one paragraph per article).</summary>
[MemoryDiagnoser]
public class ChunkerBenchmarks
{
    private readonly StructuredChunker _chunker = new(new ChunkingOptions());
    private List<TextBlock> _blocks = [];

    [GlobalSetup]
    public void Setup()
    {
        var law = MicroData.Law("民法典#");
        _blocks = [new TextBlock(BlockKind.Heading, "中华人民共和国民法典", HeadingLevel: 1), .. law.Select(a => new TextBlock(BlockKind.Paragraph, $"{a.Title}\n{a.Text}"))];
        Console.WriteLine($"// chunker input: {_blocks.Count:N0} blocks, {_blocks.Sum(b => b.Text.Length):N0} characters");
    }

    [Benchmark(Description = "StructuredChunker.Chunk, Civil Code (~1,260 articles)")]
    public int Chunk() => _chunker.Chunk("bench-doc", _blocks).Chunks.Count;
}
