using System.Collections.Frozen;

namespace Hunyu.Text.Analysis;

/// <summary>
/// Function words dropped from queries (not from documents): jieba's Chinese and English stop list.
/// Dropping them lets the content words of a lay question carry the ranking.
/// </summary>
public static class StopWords
{
    private static readonly Lazy<FrozenSet<string>> Words = new(Load);

    /// <summary>True when <paramref name="word"/> (lower-case) is a stop word.</summary>
    public static bool Contains(string word) => Words.Value.Contains(word);

    private static FrozenSet<string> Load()
    {
        var path = Path.Combine(JiebaResources.Directory, "stopwords.txt");
        return File.Exists(path)
            ? File.ReadLines(path).Select(line => line.Trim()).Where(line => line.Length > 0).ToFrozenSet(StringComparer.Ordinal)
            : FrozenSet<string>.Empty;
    }
}
