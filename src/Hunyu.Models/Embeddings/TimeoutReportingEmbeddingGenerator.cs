using Microsoft.Extensions.AI;

namespace Hunyu.Models.Embeddings;

/// <summary>
/// Turns the client library's per-request timeout, which surfaces as a cancellation nobody asked for, into a
/// <see cref="TimeoutException"/> naming the endpoint, so callers can tell a slow model from their own cancellation.
/// </summary>
internal sealed class TimeoutReportingEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator, string endpoint, TimeSpan timeout, int attempts)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator)
{
    public override async Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        try
        {
            return await base.GenerateAsync(values, options, cancellationToken);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"{endpoint}/embeddings: no answer within {timeout} ({OpenAIEmbeddingOptions.Section}:{nameof(OpenAIEmbeddingOptions.Timeout)}) on {attempts} attempt(s)", e);
        }
    }
}
