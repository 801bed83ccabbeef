using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hunyu.Models.Embeddings;

/// <summary>Checks <see cref="OnnxEmbeddingOptions"/>; every message names the setting and what is allowed. Files are checked when the model opens.</summary>
public sealed class OnnxEmbeddingOptionsValidator : IValidateOptions<OnnxEmbeddingOptions>
{
    /// <summary>Most intra-op threads allowed.</summary>
    public const int MaxIntraOpThreads = 64;

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, OnnxEmbeddingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        const string S = OnnxEmbeddingOptions.Section;
        if (string.IsNullOrWhiteSpace(options.ModelPath))
        {
            failures.Add($"{S}:{nameof(options.ModelPath)} is empty; give the folder holding model.onnx and vocab.txt");
        }

        if (options.MaxTokens is < OnnxEmbeddingOptions.MinMaxTokens or > OnnxEmbeddingOptions.MaxMaxTokens)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.MaxTokens)} is {options.MaxTokens}; allowed {OnnxEmbeddingOptions.MinMaxTokens}-{OnnxEmbeddingOptions.MaxMaxTokens}"));
        }

        if (options.BatchSize is < 1 or > OnnxEmbeddingOptions.MaxBatchSize)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.BatchSize)} is {options.BatchSize}; allowed 1-{OnnxEmbeddingOptions.MaxBatchSize}"));
        }

        if (options.IntraOpThreads is < 0 or > MaxIntraOpThreads)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{S}:{nameof(options.IntraOpThreads)} is {options.IntraOpThreads}; allowed 0-{MaxIntraOpThreads}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
