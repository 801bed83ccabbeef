using Hunyu.Models.Embeddings;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Tests.Embeddings;

public sealed class BatchingEmbeddingGeneratorTests
{
    [Fact]
    public async Task GenerateAsync_InnerReturnsTooFewVectors_ThrowsInsteadOfShiftingVectors()
    {
        using var generator = new BatchingEmbeddingGenerator(new DroppingGenerator(), batchSize: 2);

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => generator.GenerateAsync(["a", "b", "c"]));

        Assert.Contains("returned 1 vectors for 2 inputs", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_ZeroBatchSize_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new BatchingEmbeddingGenerator(new DroppingGenerator(), 0));

    /// <summary>Returns one vector fewer than asked for, like a buggy gateway.</summary>
    private sealed class DroppingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
            Task.FromResult(new GeneratedEmbeddings<Embedding<float>>(values.Skip(1).Select(_ => new Embedding<float>(new float[] { 1 }))));

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
