using Microsoft.Extensions.AI;

namespace Hunyu.Models.Gateway;

/// <summary>The tokens one answer took, as the model reported them (a local model counts them with its own tokenizer).</summary>
/// <param name="PromptTokens">Tokens of the prompt.</param>
/// <param name="CompletionTokens">Tokens of the answer.</param>
public sealed record TokenUsage(long PromptTokens, long CompletionTokens)
{
    /// <summary>Prompt and answer together.</summary>
    public long TotalTokens => PromptTokens + CompletionTokens;

    /// <summary>The usage in <paramref name="details"/>; null unless both counts are known (estimates are not usage).</summary>
    public static TokenUsage? From(UsageDetails? details) =>
        details is { InputTokenCount: { } input, OutputTokenCount: { } output } ? new TokenUsage(input, output) : null;
}
