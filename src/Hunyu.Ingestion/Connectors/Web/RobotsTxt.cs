using System.Globalization;
using System.Text;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>
/// The rules of one robots.txt for one user agent, per RFC 9309: the groups whose <c>User-agent</c> matches the product
/// token (case-insensitively) are merged, else the <c>*</c> groups; the longest matching <c>Allow</c> or
/// <c>Disallow</c> path wins, <c>Allow</c> on a tie; <c>*</c> matches any run of characters and a final <c>$</c> the
/// end of the path. Also reads <c>Crawl-delay</c> (seconds, not in the RFC but widely used) and <c>Sitemap</c> lines.
/// </summary>
/// <remarks>
/// Hand-written: no NuGet package served here parses robots.txt. Immutable after parsing, so thread-safe.
/// </remarks>
internal sealed class RobotsTxt
{
    private readonly List<Rule> _rules;

    private RobotsTxt(List<Rule> rules, TimeSpan? crawlDelay, IReadOnlyList<string> sitemaps)
    {
        _rules = rules;
        CrawlDelay = crawlDelay;
        Sitemaps = sitemaps;
    }

    /// <summary>Rules that allow everything (no robots.txt, or HTTP 4xx for it).</summary>
    public static RobotsTxt AllowAll { get; } = new([], null, []);

    /// <summary>The <c>Crawl-delay</c> of the matching group; null when none is given.</summary>
    public TimeSpan? CrawlDelay { get; }

    /// <summary>The sitemaps the file lists (any group).</summary>
    public IReadOnlyList<string> Sitemaps { get; }

    /// <summary>Parses <paramref name="content"/> for the agent <paramref name="productToken"/>.</summary>
    public static RobotsTxt Parse(string content, string productToken)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrWhiteSpace(productToken);
        var groups = new List<Group>();
        var sitemaps = new List<string>();
        Group? current = null;
        var lastWasAgent = false;
        foreach (var rawLine in content.ReplaceLineEndings("\n").Split('\n'))
        {
            var line = rawLine;
            var hash = line.IndexOf('#', StringComparison.Ordinal);
            if (hash >= 0)
            {
                line = line[..hash];
            }

            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                continue;
            }

            var key = line[..colon].Trim().ToLowerInvariant();
            var value = line[(colon + 1)..].Trim();
            switch (key)
            {
                case "user-agent":
                    if (!lastWasAgent || current is null)
                    {
                        current = new Group();
                        groups.Add(current);
                    }

                    current.Agents.Add(value);
                    lastWasAgent = true;
                    continue;
                case "allow" or "disallow" when current is not null:
                    // An empty Disallow allows everything: it adds no rule. An empty Allow is no rule either.
                    if (value.Length > 0)
                    {
                        current.Rules.Add(new Rule(NormalizePattern(value), key == "allow"));
                    }

                    break;
                case "crawl-delay" when current is not null:
                    if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds) && seconds >= 0 && seconds < TimeSpan.MaxValue.TotalSeconds)
                    {
                        current.CrawlDelay = TimeSpan.FromSeconds(seconds);
                    }

                    break;
                case "sitemap":
                    // Sitemap lines belong to no group and do not end one.
                    if (value.Length > 0)
                    {
                        sitemaps.Add(value);
                    }

                    continue;
            }

            lastWasAgent = false;
        }

        var matching = groups.Where(group => group.Agents.Exists(agent => NamesAgent(agent, productToken))).ToList();
        if (matching.Count == 0)
        {
            matching = groups.Where(group => group.Agents.Exists(agent => agent == "*")).ToList();
        }

        return new RobotsTxt(
            [.. matching.SelectMany(group => group.Rules)],
            matching.Select(group => group.CrawlDelay).Where(delay => delay is not null).Max(),
            sitemaps);
    }

    /// <summary>True when the agent may fetch <paramref name="url"/>; <c>/robots.txt</c> itself always may be.</summary>
    public bool IsAllowed(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        var path = url.GetComponents(UriComponents.PathAndQuery, UriFormat.UriEscaped);
        if (path == "/robots.txt")
        {
            return true;
        }

        Rule? best = null;
        foreach (var rule in _rules)
        {
            if (!Matches(rule.Pattern, path))
            {
                continue;
            }

            if (best is null || rule.Pattern.Length > best.Pattern.Length || (rule.Pattern.Length == best.Pattern.Length && rule.Allow))
            {
                best = rule;
            }
        }

        return best?.Allow ?? true;
    }

    /// <summary>True when a <c>User-agent</c> value names the product token: its leading token, case-insensitively.</summary>
    private static bool NamesAgent(string agent, string productToken)
    {
        var end = 0;
        while (end < agent.Length && (char.IsAsciiLetter(agent[end]) || agent[end] is '_' or '-'))
        {
            end++;
        }

        return end > 0 && agent.AsSpan(0, end).Equals(productToken, StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>Wildcard match from the start of the path: <c>*</c> is any run, a final <c>$</c> anchors the end; otherwise a prefix match.</summary>
    private static bool Matches(string pattern, string path)
    {
        var anchored = pattern.EndsWith('$');
        var body = anchored ? pattern.AsSpan(0, pattern.Length - 1) : pattern.AsSpan();
        int p = 0, s = 0, star = -1, mark = 0;
        while (s < path.Length)
        {
            if (p == body.Length && !anchored)
            {
                return true;
            }

            if (p < body.Length && body[p] == '*')
            {
                star = p++;
                mark = s;
            }
            else if (p < body.Length && body[p] == path[s])
            {
                p++;
                s++;
            }
            else if (star >= 0)
            {
                p = star + 1;
                s = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < body.Length && body[p] == '*')
        {
            p++;
        }

        return p == body.Length;
    }

    /// <summary>
    /// Puts a path pattern in the form the crawler's URLs have: non-ASCII characters percent-encoded as UTF-8, escapes
    /// of unreserved characters decoded, other escapes upper-case.
    /// </summary>
    private static string NormalizePattern(string pattern)
    {
        var result = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '%' && i + 2 < pattern.Length && char.IsAsciiHexDigit(pattern[i + 1]) && char.IsAsciiHexDigit(pattern[i + 2]))
            {
                var decoded = (char)Convert.ToInt32(pattern.Substring(i + 1, 2), 16);
                if (char.IsAsciiLetterOrDigit(decoded) || decoded is '-' or '.' or '_' or '~')
                {
                    result.Append(decoded);
                }
                else
                {
                    result.Append('%').Append(char.ToUpperInvariant(pattern[i + 1])).Append(char.ToUpperInvariant(pattern[i + 2]));
                }

                i += 2;
            }
            else if (c > 0x7F || char.IsWhiteSpace(c))
            {
                var length = char.IsHighSurrogate(c) && i + 1 < pattern.Length ? 2 : 1;
                foreach (var b in Encoding.UTF8.GetBytes(pattern.Substring(i, length)))
                {
                    result.Append('%').Append(b.ToString("X2", CultureInfo.InvariantCulture));
                }

                i += length - 1;
            }
            else
            {
                result.Append(c);
            }
        }

        return result.ToString();
    }

    private sealed class Group
    {
        public List<string> Agents { get; } = [];

        public List<Rule> Rules { get; } = [];

        public TimeSpan? CrawlDelay { get; set; }
    }

    private sealed record Rule(string Pattern, bool Allow);
}
