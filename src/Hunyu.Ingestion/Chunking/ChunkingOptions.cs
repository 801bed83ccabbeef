using System.ComponentModel.DataAnnotations;

namespace Hunyu.Ingestion.Chunking;

/// <summary>How documents are cut into chunks (configuration section <c>Hunyu:Chunking</c>).</summary>
public sealed class ChunkingOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Hunyu:Chunking";

    /// <summary>Default of <see cref="MaxTokens"/>.</summary>
    public const int DefaultMaxTokens = 512;

    /// <summary>Smallest allowed <see cref="MaxTokens"/>.</summary>
    public const int MinMaxTokens = 64;

    /// <summary>Largest allowed <see cref="MaxTokens"/>.</summary>
    public const int MaxMaxTokens = 8192;

    /// <summary>Default of <see cref="OverlapTokens"/>.</summary>
    public const int DefaultOverlapTokens = 64;

    /// <summary>Largest allowed <see cref="OverlapTokens"/> (it must also stay below <see cref="MaxTokens"/>).</summary>
    public const int MaxOverlapTokens = 4096;

    /// <summary>Most estimated tokens in one chunk, headings and overlap included.</summary>
    /// <value>The default is 512; allowed 64–8192.</value>
    [Range(MinMaxTokens, MaxMaxTokens)]
    public int MaxTokens { get; set; } = DefaultMaxTokens;

    /// <summary>Most estimated tokens a chunk repeats from the end of the previous one when a long run of text is cut.</summary>
    /// <value>The default is 64; allowed 0–4096 and less than <see cref="MaxTokens"/>.</value>
    [Range(0, MaxOverlapTokens)]
    public int OverlapTokens { get; set; } = DefaultOverlapTokens;

    /// <summary>Checks every option, including the rule that involves both.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names the option and the range.</exception>
    /// <exception cref="ArgumentException"><see cref="OverlapTokens"/> is not less than <see cref="MaxTokens"/>.</exception>
    public void Validate()
    {
        if (MaxTokens is < MinMaxTokens or > MaxMaxTokens)
        {
            throw new ArgumentOutOfRangeException(
                $"{Section}:{nameof(MaxTokens)}",
                MaxTokens,
                $"{Section}:{nameof(MaxTokens)} is {MaxTokens}; allowed range is {MinMaxTokens}–{MaxMaxTokens}.");
        }

        if (OverlapTokens is < 0 or > MaxOverlapTokens)
        {
            throw new ArgumentOutOfRangeException(
                $"{Section}:{nameof(OverlapTokens)}",
                OverlapTokens,
                $"{Section}:{nameof(OverlapTokens)} is {OverlapTokens}; allowed range is 0–{MaxOverlapTokens}.");
        }

        if (OverlapTokens >= MaxTokens)
        {
            throw new ArgumentException(
                $"{Section}:{nameof(OverlapTokens)} is {OverlapTokens}; it must be less than {Section}:{nameof(MaxTokens)} ({MaxTokens}), so 0–{MaxTokens - 1}.",
                $"{Section}:{nameof(OverlapTokens)}");
        }
    }
}
