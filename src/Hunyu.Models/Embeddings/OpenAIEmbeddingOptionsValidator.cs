using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hunyu.Models.Embeddings;

/// <summary>Checks <see cref="OpenAIEmbeddingOptions"/>; every message names the setting and what is allowed.</summary>
public sealed class OpenAIEmbeddingOptionsValidator : IValidateOptions<OpenAIEmbeddingOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OpenAIEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string S = OpenAIEmbeddingOptions.Section;
        if (!Uri.TryCreate(options.Endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
        {
            failures.Add($"{S}:{nameof(options.Endpoint)} is '{options.Endpoint}'; give the http(s) base URL up to the version, e.g. http://127.0.0.1:8000/v1");
        }

        if (string.IsNullOrWhiteSpace(options.Model))
        {
            failures.Add($"{S}:{nameof(options.Model)} is empty; give the embedding model's name, e.g. bge-m3");
        }

        if (string.IsNullOrWhiteSpace(options.ApiKeyVariable))
        {
            failures.Add($"{S}:{nameof(options.ApiKeyVariable)} is empty; name the environment variable holding the API key (default {OpenAIEmbeddingOptions.DefaultApiKeyVariable})");
        }

        if (options.Dimensions is < 1 or > OpenAIEmbeddingOptions.MaxDimensions)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.Dimensions)} is {options.Dimensions}; allowed 1-{OpenAIEmbeddingOptions.MaxDimensions} or unset"));
        }

        if (options.BatchSize is < 1 or > OpenAIEmbeddingOptions.MaxBatchSize)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.BatchSize)} is {options.BatchSize}; allowed 1-{OpenAIEmbeddingOptions.MaxBatchSize}"));
        }

        if (options.Timeout < OpenAIEmbeddingOptions.MinTimeout || options.Timeout > OpenAIEmbeddingOptions.MaxTimeout)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.Timeout)} is {options.Timeout}; allowed {OpenAIEmbeddingOptions.MinTimeout}-{OpenAIEmbeddingOptions.MaxTimeout}"));
        }

        if (options.MaxRetries is < 0 or > OpenAIEmbeddingOptions.MaxRetriesLimit)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.MaxRetries)} is {options.MaxRetries}; allowed 0-{OpenAIEmbeddingOptions.MaxRetriesLimit}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
