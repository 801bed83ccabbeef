using System.Globalization;
using System.IO.Hashing;
using System.Text;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Search.Lucene;

namespace Hunyu.Search.WebSearch;

/// <summary>Turns a web search engine's results into hits of an internet domain, citable like any other passage.</summary>
public static class WebSearchHits
{
    /// <summary>The hits of <paramref name="result"/> for <paramref name="domain"/>, in the engine's order.</summary>
    public static IReadOnlyList<SearchHit> Of(string domain, IWebSearchProvider provider, WebSearchResult result, bool explain)
    {
        ArgumentNullException.ThrowIfNull(provider);
        ArgumentNullException.ThrowIfNull(result);
        return [.. result.Hits.Select((hit, i) => ToHit(domain, provider.Name, hit, i, explain))];
    }

    private static SearchHit ToHit(string domain, string provider, WebSearchHit hit, int index, bool explain)
    {
        var url = hit.Url.AbsoluteUri;
        // A stable id per URL: the same page cites the same way in every search.
        var documentId = "web-" + Convert.ToHexStringLower(XxHash64.Hash(Encoding.UTF8.GetBytes(url)));
        var text = hit.Snippet.Length > 0 ? hit.Snippet : hit.Title;
        return new SearchHit
        {
            Rank = 0,
            Score = 0,
            CitationId = CitationIds.Format(documentId, 0),
            DocumentId = documentId,
            DocumentKey = url,
            ChunkOrdinal = 0,
            Domain = domain,
            SourceId = $"websearch:{provider}",
            Title = hit.Title,
            Uri = url,
            Text = text,
            Snippet = MarkupEncoder.Encode(StoredHits.Truncate(text)),
            Explanation = explain ? string.Create(CultureInfo.InvariantCulture, $"web search '{provider}' rank {index + 1}") : null,
        };
    }
}
