using System.Text;
using Hunyu.Core.Answers;
using Hunyu.Core.Search;
using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Hosting.Safety;

/// <summary>
/// Masks PII in what a principal without clearance is given, with the ingest's <see cref="PiiDetector"/> and
/// <see cref="PiiMasker"/> (same length, so offsets stay valid): passages, snippets, fields, answers, citations.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
/// <param name="policy">What to mask.</param>
public sealed class AnswerMasker(PiiPolicy policy)
{
    private const string EmOpen = "<em>";
    private const string EmClose = "</em>";

    /// <summary><paramref name="text"/> with its PII masked; the same instance when there was none.</summary>
    public string Mask(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = PiiDetector.Default.Find(text);
        return matches.Count == 0 ? text : PiiMasker.Apply(text, matches, policy).Text;
    }

    /// <summary>
    /// A snippet with its PII masked. The <c>&lt;em&gt;</c> highlight tags are read past, so a number highlighted in
    /// part ("138&lt;em&gt;1234&lt;/em&gt;5678") is still found whole; the tags stay where they were.
    /// </summary>
    public string MaskSnippet(string snippet)
    {
        ArgumentNullException.ThrowIfNull(snippet);
        if (!snippet.Contains(EmOpen, StringComparison.Ordinal))
        {
            return Mask(snippet);
        }

        // The plain text and, for each of its characters, where it sits in the snippet.
        var plain = new StringBuilder(snippet.Length);
        var at = new List<int>(snippet.Length);
        for (var i = 0; i < snippet.Length;)
        {
            var tag = snippet.AsSpan(i).StartsWith(EmOpen) ? EmOpen.Length : snippet.AsSpan(i).StartsWith(EmClose) ? EmClose.Length : 0;
            if (tag > 0)
            {
                i += tag;
                continue;
            }

            plain.Append(snippet[i]);
            at.Add(i);
            i++;
        }

        var text = plain.ToString();
        var masked = Mask(text);
        if (ReferenceEquals(masked, text))
        {
            return snippet;
        }

        var result = snippet.ToCharArray();
        for (var i = 0; i < masked.Length; i++)
        {
            result[at[i]] = masked[i];
        }

        return new string(result);
    }

    /// <summary><paramref name="hit"/> with its title, headings, text, snippet and field values masked.</summary>
    public SearchHit Mask(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return hit with
        {
            Title = Mask(hit.Title),
            SectionPath = Mask(hit.SectionPath),
            Text = Mask(hit.Text),
            Snippet = MaskSnippet(hit.Snippet),
            Fields = Mask(hit.Fields),
        };
    }

    /// <summary><paramref name="answer"/> with its text and its citations' titles, headings and quotes masked.</summary>
    public Answer Mask(Answer answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        return answer with
        {
            Text = Mask(answer.Text),
            Citations = [.. answer.Citations.Select(c => c with { Title = Mask(c.Title), SectionPath = Mask(c.SectionPath), Quote = Mask(c.Quote) })],
        };
    }

    /// <summary>The values of <paramref name="fields"/> masked; the same instance when none held PII.</summary>
    public IReadOnlyDictionary<string, string> Mask(IReadOnlyDictionary<string, string> fields)
    {
        ArgumentNullException.ThrowIfNull(fields);
        Dictionary<string, string>? masked = null;
        foreach (var (name, value) in fields)
        {
            var safe = Mask(value);
            if (!ReferenceEquals(safe, value))
            {
                masked ??= new Dictionary<string, string>(fields, StringComparer.Ordinal);
                masked[name] = safe;
            }
        }

        return masked ?? fields;
    }
}
