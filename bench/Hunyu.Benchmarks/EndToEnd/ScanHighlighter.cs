using System.Text;
using Hunyu.Search.Lucene;
using Lucene.Net.Search;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// A candidate snippet highlighter for Hunyu's flat bigram query, to size what a purpose-built one would
/// cost: it looks the text's character bigrams (and Latin/digit runs) up in the query's bigram terms
/// directly (no analyzer, no token objects), picks the fixed-size window whose distinct terms weigh most
/// (as <c>QueryScorer</c> + <c>SimpleFragmenter</c> do), and wraps matched runs in &lt;em&gt;.
/// Not identical to Lucene's Highlighter output (window edges differ); a sizing prototype only.
/// </summary>
internal static class ScanHighlighter
{
    /// <summary>The query's bigram-field terms and their weights.</summary>
    public static Dictionary<string, float> Terms(Query query)
    {
        var terms = new Dictionary<string, float>(StringComparer.Ordinal);
        if (query is BooleanQuery boolean)
        {
            foreach (var clause in boolean.Clauses)
            {
                if (clause.Query is TermQuery term && term.Term.Field == IndexFields.Bigrams)
                {
                    terms[term.Term.Text] = term.Boost;
                }
            }
        }

        return terms;
    }

    /// <summary>The best window of <paramref name="text"/>, markup-escaped, matches in &lt;em&gt;; the truncated text when nothing matches.</summary>
    public static string Highlight(string text, Dictionary<string, float> terms)
    {
        var lookup = terms.GetAlternateLookup<ReadOnlySpan<char>>();
        var size = SearchTuning.SnippetLength;
        var windows = (text.Length + size - 1) / size;
        Span<bool> matched = text.Length <= 4096 ? stackalloc bool[text.Length] : new bool[text.Length];
        Span<char> lower = stackalloc char[64];
        var bestWindow = -1;
        var bestScore = 0f;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var w = 0; w < windows; w++)
        {
            seen.Clear();
            var score = 0f;
            var end = Math.Min(text.Length, (w + 1) * size);
            var i = w * size;
            while (i < end)
            {
                if (char.IsAsciiLetterOrDigit(text[i]))
                {
                    // A Latin or digit run is one token, lower-cased, as the bigram analyzer emits it.
                    var start = i;
                    while (i < text.Length && char.IsAsciiLetterOrDigit(text[i]))
                    {
                        i++;
                    }

                    var run = text.AsSpan(start, i - start);
                    if (run.Length <= lower.Length)
                    {
                        var folded = lower[..run.ToLowerInvariant(lower)];
                        if (lookup.TryGetValue(folded, out var weight))
                        {
                            score += seen.Add(folded.ToString()) ? weight : 0;
                            matched[start..i].Fill(true);
                        }
                    }

                    continue;
                }

                if (i + 1 < text.Length && lookup.TryGetValue(text.AsSpan(i, 2), out var pairWeight))
                {
                    var key = text.Substring(i, 2);
                    score += seen.Add(key) ? pairWeight : 0;
                    matched[i] = matched[i + 1] = true;
                }

                i++;
            }

            if (score > bestScore)
            {
                bestScore = score;
                bestWindow = w;
            }
        }

        if (bestWindow < 0)
        {
            return MarkupEncoder.Encode(text.Length <= size ? text : string.Concat(text.AsSpan(0, size), "…"));
        }

        var from = bestWindow * size;
        var to = Math.Min(text.Length, from + size);
        var snippet = new StringBuilder(to - from + 32);
        var open = false;
        for (var i = from; i < to; i++)
        {
            if (matched[i] != open)
            {
                snippet.Append(open ? "</em>" : "<em>");
                open = matched[i];
            }

            switch (text[i])
            {
                case '&': snippet.Append("&amp;"); break;
                case '<': snippet.Append("&lt;"); break;
                case '>': snippet.Append("&gt;"); break;
                case '"': snippet.Append("&quot;"); break;
                default: snippet.Append(text[i]); break;
            }
        }

        return (open ? snippet.Append("</em>") : snippet).ToString();
    }
}
