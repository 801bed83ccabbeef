using System.Net;
using System.Text.RegularExpressions;

namespace Hunyu.Search.WebSearch;

/// <summary>
/// Turns an engine's title or snippet into plain text: tags removed (Brave marks matches with <c>&lt;strong&gt;</c>),
/// entities decoded, white space collapsed.
/// </summary>
internal static partial class PlainText
{
    public static string From(string text)
    {
        // Inline tags vanish without a trace, so "<b>年假</b>规定" stays one word; line-breaking tags become a space.
        var withoutTags = InlineTag().Replace(BreakingTag().Replace(text, " "), string.Empty);
        return Space().Replace(WebUtility.HtmlDecode(withoutTags), " ").Trim();
    }

    [GeneratedRegex(@"</?(br|p|div|li|tr|td|h[1-6])\b[^<>]*>", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex BreakingTag();

    [GeneratedRegex(@"</?[A-Za-z][^<>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex InlineTag();

    [GeneratedRegex(@"\s+", RegexOptions.CultureInvariant)]
    private static partial Regex Space();
}
