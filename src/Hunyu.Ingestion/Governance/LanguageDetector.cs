namespace Hunyu.Ingestion.Governance;

/// <summary>Tells Chinese, English and other text apart by the scripts of its characters.</summary>
/// <remarks>
/// Each script scores what it carries: a Chinese character 1, an English word 2 (a word says about as much as two
/// characters), and kana, hangul and other letters 1 each; the highest score wins. Japanese (kana at 10% or more of
/// its Han and kana) is <c>other</c>, as is text without letters. Mixed Chinese text with English terms stays
/// <c>zh</c>. Stateless; thread-safe.
/// </remarks>
public static class LanguageDetector
{
    /// <summary>Chinese, in either script.</summary>
    public const string Chinese = "zh";

    /// <summary>English (and other Latin-script languages, which this detector does not tell apart).</summary>
    public const string English = "en";

    /// <summary>Anything else: Japanese, Korean, Cyrillic, …, or no letters at all.</summary>
    public const string Other = "other";

    /// <summary>The language of <paramref name="text"/>.</summary>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string Detect(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var profile = default(TextProfile);
        profile.Add(text);
        return Detect(profile);
    }

    internal static string Detect(in TextProfile profile)
    {
        if (profile.Kana > 0 && profile.Kana * 10 >= profile.Han + profile.Kana)
        {
            return Other;
        }

        var chinese = profile.Han;
        var english = profile.LatinWords * 2;
        var other = profile.Kana + profile.Hangul + profile.OtherLetters;
        if (chinese == 0 && english == 0)
        {
            return Other;
        }

        if (chinese >= english && chinese >= other)
        {
            return Chinese;
        }

        return english >= other ? English : Other;
    }
}
