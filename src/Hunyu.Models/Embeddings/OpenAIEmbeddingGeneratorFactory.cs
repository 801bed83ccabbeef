using System.ClientModel;
using System.ClientModel.Primitives;
using Hunyu.Core.Errors;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Embeddings;

namespace Hunyu.Models.Embeddings;

/// <summary>
/// Builds the <see cref="IEmbeddingGenerator{TInput, TEmbedding}"/> of an OpenAI-compatible <c>/v1/embeddings</c>
/// endpoint: the Microsoft.Extensions.AI.OpenAI adapter over the official client, with a
/// <see cref="BatchingEmbeddingGenerator"/> layer so long lists go out <see cref="OpenAIEmbeddingOptions.BatchSize"/> at a time.
/// </summary>
/// <remarks>
/// Failures surface as the client's own exceptions: <see cref="ClientResultException"/> (HTTP status and the
/// server's error message) for an error response, and <see cref="TimeoutException"/> naming the endpoint when a request
/// outlives <see cref="OpenAIEmbeddingOptions.Timeout"/> on every attempt (the caller's own cancellation stays an <see cref="OperationCanceledException"/>).
/// </remarks>
public static class OpenAIEmbeddingGeneratorFactory
{
    /// <summary>Sent as the key when the key variable is unset: local servers ignore it, hosted ones answer 401.</summary>
    private const string NoKey = "no-key";

    /// <summary>Creates the generator for <paramref name="options"/>.</summary>
    /// <param name="options">Endpoint, model, key variable, dimensions, batch size, timeout and retries.</param>
    /// <param name="httpClient">The HTTP client to send with (its own timeout should exceed <see cref="OpenAIEmbeddingOptions.Timeout"/>); null uses the client library's shared one.</param>
    /// <returns>A thread-safe generator; dispose it when done.</returns>
    /// <exception cref="HunyuException">A setting is out of range (<c>invalid_argument</c>); the message names each one.</exception>
    public static IEmbeddingGenerator<string, Embedding<float>> Create(OpenAIEmbeddingOptions options, HttpClient? httpClient = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new OpenAIEmbeddingOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, string.Join("; ", validation.Failures ?? []));
        }

        // SECURITY: the key is read from the environment here and handed to the client; it is never stored in options or logged.
        var key = Environment.GetEnvironmentVariable(options.ApiKeyVariable);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(options.Endpoint),
            NetworkTimeout = options.Timeout,
            RetryPolicy = new ClientRetryPolicy(options.MaxRetries),
        };
        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        var client = new EmbeddingClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(key) ? NoKey : key), clientOptions);
        return new EmbeddingGeneratorBuilder<string, Embedding<float>>(client.AsIEmbeddingGenerator(options.Dimensions))
            .Use(inner => new BatchingEmbeddingGenerator(inner, options.BatchSize))
            .Use(inner => new TimeoutReportingEmbeddingGenerator(inner, options.Endpoint.TrimEnd('/'), options.Timeout, options.MaxRetries + 1))
            .Build();
    }
}
