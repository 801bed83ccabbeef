using Hunyu.Text.Normalization;

namespace Hunyu.Search.Routing;

/// <summary>
/// Rule-based routing: a domain with keywords is searched only for questions containing one of them; a question
/// matching no rule goes to every domain. The choice and its reason are shown with every result.
/// </summary>
/// <remarks>
/// Routing narrows, it never widens: fusion with comparable scores already ranks an unrelated domain low, so rules are for
/// cost (skip a slow or paid domain) and precision (keep the web out of statute questions), not for recall.
/// </remarks>
/// <param name="rules">Keywords per domain name, matched case-insensitively after normalisation.</param>
public sealed class KeywordRouter(IReadOnlyDictionary<string, IReadOnlyList<string>> rules)
{
    private readonly (string Domain, string Keyword)[] _rules =
        [.. rules.SelectMany(rule => rule.Value.Where(k => !string.IsNullOrWhiteSpace(k)).Select(k => (rule.Key, TextNormalizer.Normalize(k.Trim()).ToLowerInvariant())))];

    /// <summary>Routes to every candidate, explaining so.</summary>
    public static KeywordRouter All { get; } = new(new Dictionary<string, IReadOnlyList<string>>());

    /// <summary>The domains of <paramref name="candidates"/> to search for <paramref name="question"/>, and why.</summary>
    public (IReadOnlyList<string> Domains, string Reason) Route(string question, IReadOnlyList<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(candidates);
        var text = TextNormalizer.Normalize(question).ToLowerInvariant();
        var matched = _rules.Where(r => candidates.Contains(r.Domain, StringComparer.Ordinal) && text.Contains(r.Keyword, StringComparison.Ordinal)).ToList();
        if (matched.Count == 0)
        {
            var reason = _rules.Length == 0 ? "all domains" : "all domains (no routing rule matched)";
            return (candidates, $"{reason}: {string.Join(", ", candidates)}");
        }

        var domains = matched.Select(r => r.Domain).Distinct(StringComparer.Ordinal).ToList();
        return (domains, $"routing rules: {string.Join("; ", matched.Select(r => $"'{r.Keyword}' → {r.Domain}"))}");
    }
}
