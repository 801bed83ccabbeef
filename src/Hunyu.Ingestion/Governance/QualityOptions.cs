namespace Hunyu.Ingestion.Governance;

/// <summary>The thresholds of the <c>screen</c> and <c>quality</c> steps (configuration section <c>Hunyu:Governance:Quality</c>).</summary>
public sealed record QualityOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = GovernanceOptions.Section + ":Quality";

    /// <summary>Documents with fewer visible (non-space) characters are dropped as too short.</summary>
    /// <value>The default is 2: a statute such as "本法自公布之日起施行。" must stay; allowed 0–1,000,000.</value>
    public int MinChars { get; init; } = 2;

    /// <summary>Largest share of control characters (other than tab and line breaks) in the raw text before it counts as binary.</summary>
    /// <value>The default is 0.05, the same rule as <see cref="Parsing.TextDecoder"/>; allowed 0–1.</value>
    public double MaxControlShare { get; init; } = 0.05;

    /// <summary>Largest share of U+FFFD replacement characters among the visible characters before the text counts as mis-decoded.</summary>
    /// <value>The default is 0.02; allowed 0–1. Fewer than <see cref="MinMojibakeChars"/> never count.</value>
    public double MaxReplacementShare { get; init; } = 0.02;

    /// <summary>Fewest suspicious characters (U+FFFD, or characters that read back as UTF-8) before mojibake is considered.</summary>
    /// <value>The default is 6; allowed 1–1,000,000.</value>
    public int MinMojibakeChars { get; init; } = 6;

    /// <summary>Share of the non-ASCII text that must read back as valid UTF-8 (after re-encoding as Latin-1/Windows-1252 or GBK) for it to count as mojibake.</summary>
    /// <value>The default is 0.7; allowed 0–1. Correctly decoded Chinese reads back as UTF-8 at 0.63 at most (shared eval corpora, 13,879 documents), GBK mojibake at 0.71 and up.</value>
    public double MinMojibakeShare { get; init; } = 0.7;

    /// <summary>Largest share of digits, punctuation and symbols among the visible characters of the running text (tables excluded).</summary>
    /// <value>The default is 0.7; allowed 0–1. Only documents of at least 20 visible characters are checked.</value>
    public double MaxSymbolDigitShare { get; init; } = 0.7;

    /// <summary>Largest share of the text (by characters) in lines that repeat an earlier line of the same document.</summary>
    /// <value>The default is 0.5; allowed 0–1. Only documents of at least 4 lines are checked.</value>
    public double MaxRepeatedLineShare { get; init; } = 0.5;

    /// <summary>Shortest run of base64 characters (letters of both cases and digits, no spaces) taken as a machine-generated blob.</summary>
    /// <value>The default is 100; allowed 16–1,000,000.</value>
    public int MinBase64Run { get; init; } = 100;

    /// <summary>Shortest run of hexadecimal digits taken as a machine-generated blob.</summary>
    /// <value>The default is 64 (a SHA-256 is 64); allowed 16–1,000,000.</value>
    public int MinHexRun { get; init; } = 64;

    /// <summary>Share of the visible text in machine-generated runs above which the document is dropped; below it, the runs are removed and the rest kept.</summary>
    /// <value>The default is 0.5; allowed 0–1.</value>
    public double MaxJunkShare { get; init; } = 0.5;

    /// <summary>Languages to keep (<c>zh</c>, <c>en</c>, <c>other</c>); documents in any other are dropped. Empty keeps every language.</summary>
    /// <value>The default is empty: the language is detected and reported, nothing is dropped for it.</value>
    public IReadOnlyList<string> Languages { get; init; } = [];

    /// <summary>Checks every option.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An option is outside its range; the message names the option and the range.</exception>
    public void Validate()
    {
        OptionRange.Check($"{Section}:{nameof(MinChars)}", MinChars, 0, 1_000_000);
        OptionRange.Check($"{Section}:{nameof(MaxControlShare)}", MaxControlShare, 0, 1);
        OptionRange.Check($"{Section}:{nameof(MaxReplacementShare)}", MaxReplacementShare, 0, 1);
        OptionRange.Check($"{Section}:{nameof(MinMojibakeChars)}", MinMojibakeChars, 1, 1_000_000);
        OptionRange.Check($"{Section}:{nameof(MinMojibakeShare)}", MinMojibakeShare, 0, 1);
        OptionRange.Check($"{Section}:{nameof(MaxSymbolDigitShare)}", MaxSymbolDigitShare, 0, 1);
        OptionRange.Check($"{Section}:{nameof(MaxRepeatedLineShare)}", MaxRepeatedLineShare, 0, 1);
        OptionRange.Check($"{Section}:{nameof(MinBase64Run)}", MinBase64Run, 16, 1_000_000);
        OptionRange.Check($"{Section}:{nameof(MinHexRun)}", MinHexRun, 16, 1_000_000);
        OptionRange.Check($"{Section}:{nameof(MaxJunkShare)}", MaxJunkShare, 0, 1);
        ArgumentNullException.ThrowIfNull(Languages, $"{Section}:{nameof(Languages)}");
        foreach (var language in Languages)
        {
            if (language is not (LanguageDetector.Chinese or LanguageDetector.English or LanguageDetector.Other))
            {
                throw new ArgumentOutOfRangeException($"{Section}:{nameof(Languages)}", language, $"{Section}:{nameof(Languages)} has '{language}'; allowed: zh, en, other.");
            }
        }
    }
}
