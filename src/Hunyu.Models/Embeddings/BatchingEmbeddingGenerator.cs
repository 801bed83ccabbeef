using System.Globalization;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Embeddings;

/// <summary>
/// A layer that sends at most <see cref="BatchSize"/> inputs per call to the generator beneath it and joins the
/// results in input order, so a caller may embed a whole document's chunks in one call.
/// </summary>
/// <remarks>Thread-safe when the inner generator is. Batches go one after another, so a provider's rate limit holds.</remarks>
public sealed class BatchingEmbeddingGenerator : DelegatingEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>Wraps <paramref name="innerGenerator"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="batchSize"/> is not positive.</exception>
    public BatchingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, int batchSize)
        : base(innerGenerator)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(batchSize);
        BatchSize = batchSize;
    }

    /// <summary>Most inputs per call to the inner generator.</summary>
    public int BatchSize { get; }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">The inner generator returned a different number of vectors than inputs.</exception>
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        var inputs = values as IReadOnlyList<string> ?? values.ToList();
        if (inputs.Count <= BatchSize)
        {
            return Checked(await base.GenerateAsync(inputs, options, cancellationToken), inputs.Count);
        }

        var result = new GeneratedEmbeddings<Embedding<float>>(inputs.Count);
        for (var start = 0; start < inputs.Count; start += BatchSize)
        {
            var batch = Checked(await base.GenerateAsync(Slice(inputs, start, BatchSize), options, cancellationToken), Math.Min(BatchSize, inputs.Count - start));
            result.AddRange(batch);
            if (batch.Usage is { } usage)
            {
                result.Usage ??= new UsageDetails();
                result.Usage.Add(usage);
            }
        }

        return result;
    }

    private static List<string> Slice(IReadOnlyList<string> inputs, int start, int count)
    {
        var slice = new List<string>(Math.Min(count, inputs.Count - start));
        for (var i = start; i < inputs.Count && i < start + count; i++)
        {
            slice.Add(inputs[i]);
        }

        return slice;
    }

    private static GeneratedEmbeddings<Embedding<float>> Checked(GeneratedEmbeddings<Embedding<float>> embeddings, int expected) =>
        embeddings.Count == expected
            ? embeddings
            // No silent data loss: a short answer would shift every later vector onto the wrong chunk.
            : throw new InvalidOperationException(string.Create(CultureInfo.InvariantCulture, $"the embedding generator returned {embeddings.Count} vectors for {expected} inputs"));
}
