using System.Text;
using Lucene.Net.Search.Highlight;

namespace Hunyu.Search.Lucene;

/// <summary>
/// Escapes only the characters that are markup (<c>&amp; &lt; &gt; "</c>), so snippets stay safe HTML
/// while Chinese text stays readable; Lucene's <c>SimpleHTMLEncoder</c> turns every non-ASCII character into an entity.
/// </summary>
public sealed class MarkupEncoder : IEncoder
{
    /// <summary>The shared instance (stateless).</summary>
    public static MarkupEncoder Instance { get; } = new();

    /// <inheritdoc />
    public string EncodeText(string originalText) => Encode(originalText);

    /// <summary>Escapes <paramref name="text"/> for HTML.</summary>
    public static string Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (text.AsSpan().IndexOfAny("&<>\"") < 0)
        {
            return text;
        }

        var escaped = new StringBuilder(text.Length + 16);
        foreach (var c in text)
        {
            escaped.Append(c switch
            {
                '&' => "&amp;",
                '<' => "&lt;",
                '>' => "&gt;",
                '"' => "&quot;",
                _ => c.ToString(),
            });
        }

        return escaped.ToString();
    }
}
