using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hunyu.Search.WebSearch;

/// <summary>
/// Fills the <c>{query}</c>, <c>{count}</c> and <c>{key}</c> placeholders of <see cref="JsonWebSearchOptions"/> templates,
/// encoded for where they stand. One pass, so a question that itself holds "{key}" is sent as text, never filled in.
/// </summary>
internal static partial class RequestTemplate
{
    public const string Query = "{query}";
    public const string Count = "{count}";
    public const string Key = "{key}";

    /// <summary>True when <paramref name="template"/> holds <paramref name="placeholder"/>.</summary>
    public static bool Uses(string? template, string placeholder) => template?.Contains(placeholder, StringComparison.Ordinal) == true;

    /// <summary>True when the URL, the body or a header takes the API key.</summary>
    public static bool UsesKey(JsonWebSearchOptions options) =>
        Uses(options.UrlTemplate, Key) || Uses(options.BodyTemplate, Key) || options.Headers.Values.Any(value => Uses(value, Key));

    /// <summary>The first <c>{…}</c> in a URL template that is not a placeholder; null when there is none.</summary>
    public static string? UnknownPlaceholder(string template) =>
        AnyBraces().Matches(template).Select(match => match.Value).FirstOrDefault(value => value is not (Query or Count or Key));

    /// <summary>True when a placeholder stands in the scheme, host or port, where it could choose where the request goes.</summary>
    public static bool PlaceholderBeforePath(string template)
    {
        var scheme = template.IndexOf("://", StringComparison.Ordinal);
        if (scheme < 0)
        {
            return template.Contains('{', StringComparison.Ordinal);
        }

        var end = template.IndexOfAny(['/', '?', '#'], scheme + 3);
        return template.AsSpan(0, end < 0 ? template.Length : end).Contains('{');
    }

    /// <summary>The URL, with the values URL-encoded.</summary>
    public static string Url(string template, string query, int count, string? key) =>
        Fill(template, query, count, key, Uri.EscapeDataString);

    /// <summary>The JSON body, with the strings JSON-escaped (the template supplies the quotes).</summary>
    public static string Body(string template, string query, int count, string? key) =>
        Fill(template, query, count, key, text => JsonEncodedText.Encode(text).ToString());

    /// <summary>A header value, with the key as is.</summary>
    public static string Header(string template, string? key) => Fill(template, string.Empty, 0, key, text => text);

    private static string Fill(string template, string query, int count, string? key, Func<string, string> encode) =>
        Placeholder().Replace(template, match => match.Value switch
        {
            Query => encode(query),
            Count => count.ToString(CultureInfo.InvariantCulture),
            _ => encode(key ?? string.Empty),
        });

    [GeneratedRegex(@"\{(query|count|key)\}", RegexOptions.CultureInvariant)]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"\{[^{}]*\}", RegexOptions.CultureInvariant)]
    private static partial Regex AnyBraces();
}
