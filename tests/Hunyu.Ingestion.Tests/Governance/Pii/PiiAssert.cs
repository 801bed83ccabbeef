using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

/// <summary>Assertions on what <see cref="PiiDetector"/> finds, by matched text.</summary>
internal static class PiiAssert
{
    /// <summary>Asserts the text holds exactly one match, of <paramref name="type"/>, covering <paramref name="value"/>.</summary>
    public static PiiMatch Single(string text, PiiType type, string value)
    {
        var match = Assert.Single(PiiDetector.Default.Find(text));
        Assert.Equal((type, value), (match.Type, text[match.Start..match.End]));
        return match;
    }

    /// <summary>Asserts nothing is found.</summary>
    public static void None(string text) => Assert.Empty(PiiDetector.Default.Find(text));

    /// <summary>The matches as (type, matched text).</summary>
    public static List<(PiiType Type, string Value)> Found(string text) =>
        PiiDetector.Default.Find(text).Select(m => (m.Type, text[m.Start..m.End])).ToList();
}
