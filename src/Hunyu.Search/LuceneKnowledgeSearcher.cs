using System.Diagnostics;
using System.Globalization;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Search.Lucene;
using Hunyu.Text.Normalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Hunyu.Search;

/// <summary>
/// Searches the domains' Lucene indexes in parallel and merges their hits. A domain that fails
/// becomes a warning; the others still answer.
/// </summary>
/// <remarks>Thread-safe. Hits of several domains are merged by BM25 score, which is comparable
/// across indexes of one analyzer only roughly; calibrated fusion belongs to the federation layer.</remarks>
public sealed class LuceneKnowledgeSearcher(DomainIndexSet indexes) : IKnowledgeSearcher
{
    /// <inheritdoc />
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var text = Validate(request);
        var query = ChunkQueryBuilder.Build(TextNormalizer.Normalize(text));
        if (query is null)
        {
            return new SearchResult([], 0, [], stopwatch.Elapsed);
        }

        var filter = AccessFilter.Build(request);
        var domains = request.Domains.Count > 0 ? request.Domains : indexes.Domains;
        var perDomain = await Task.WhenAll(domains.Select(domain => Task.Run(() => SearchDomain(domain, query, filter, request), cancellationToken)));

        var merged = perDomain.SelectMany(r => r.Hits)
            .OrderByDescending(h => h.Score)
            .ThenBy(h => h.CitationId, StringComparer.Ordinal)
            .Take(request.Limit)
            .Select((hit, i) => hit with { Rank = i + 1 })
            .ToList();
        return new SearchResult(merged, perDomain.Sum(r => r.Total), perDomain.SelectMany(r => r.Warnings).ToList(), stopwatch.Elapsed);
    }

    /// <summary>Checks the request and returns the trimmed query text.</summary>
    /// <exception cref="HunyuException">Empty or over-long query, or a limit out of range.</exception>
    public static string Validate(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var text = request.Query?.Trim() ?? string.Empty;
        if (text.Length == 0)
        {
            throw new HunyuException(ErrorCode.InvalidQuery, "query: empty; give the words to search for");
        }

        if (text.Length > SearchRequest.MaxQueryLength)
        {
            throw new HunyuException(ErrorCode.QueryTooLong, $"query: {text.Length:N0} characters; limit is {SearchRequest.MaxQueryLength:N0}");
        }

        if (request.Limit is < 1 or > SearchRequest.MaxLimit)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"limit: {request.Limit}; allowed 1-{SearchRequest.MaxLimit}");
        }

        return text;
    }

    private DomainResult SearchDomain(string domain, Query query, Filter? filter, SearchRequest request)
    {
        try
        {
            // Searching never creates an index: a domain named in a request may not exist.
            if (indexes.GetExisting(domain) is not { } index)
            {
                return new DomainResult([], 0, [new SearchWarning(domain, ErrorCode.NotFound.Code, $"domain '{domain}' does not exist; it was not searched")]);
            }

            return index.Search(query, filter, request.Limit, (searcher, top) => new DomainResult(
                top.ScoreDocs.Select(scored => ToHit(searcher, scored, query, request)).ToList(),
                top.TotalHits,
                []));
        }
        catch (Exception e) when (e is HunyuException or IOException or UnauthorizedAccessException or CorruptIndexException)
        {
            var code = e is HunyuException h ? h.Error.Code : ErrorCode.StoreUnavailable.Code;
            return new DomainResult([], 0, [new SearchWarning(domain, code, e.Message)]);
        }
    }

    private static SearchHit ToHit(IndexSearcher searcher, ScoreDoc scored, Query query, SearchRequest request)
    {
        var stored = searcher.Doc(scored.Doc);
        var text = stored.Get(IndexFields.Text, CultureInfo.InvariantCulture) ?? string.Empty;
        return new SearchHit
        {
            Rank = 0,
            Score = scored.Score,
            CitationId = stored.Get(IndexFields.ChunkId, CultureInfo.InvariantCulture),
            DocumentId = stored.Get(IndexFields.DocumentId, CultureInfo.InvariantCulture),
            DocumentKey = stored.Get(IndexFields.DocumentKey, CultureInfo.InvariantCulture),
            ChunkOrdinal = ParseOrdinal(stored.Get(IndexFields.ChunkId, CultureInfo.InvariantCulture)),
            Domain = stored.Get(IndexFields.Domain, CultureInfo.InvariantCulture),
            SourceId = stored.Get(IndexFields.Source, CultureInfo.InvariantCulture),
            Title = stored.Get(IndexFields.Title, CultureInfo.InvariantCulture) ?? string.Empty,
            Uri = stored.Get(IndexFields.Uri, CultureInfo.InvariantCulture) ?? string.Empty,
            SectionPath = stored.Get(IndexFields.Section, CultureInfo.InvariantCulture) ?? string.Empty,
            Page = stored.GetField(IndexFields.Page)?.GetInt32Value(),
            StartOffset = stored.GetField(IndexFields.Start)?.GetInt32Value() ?? 0,
            EndOffset = stored.GetField(IndexFields.End)?.GetInt32Value() ?? 0,
            Text = text,
            Snippet = request.Highlight ? Highlight(query, text) : Truncate(text),
            Explanation = request.Explain ? searcher.Explain(query, scored.Doc).ToString() : null,
        };
    }

    private static int ParseOrdinal(string citationId) =>
        int.Parse(citationId.AsSpan(citationId.LastIndexOf(':') + 1), CultureInfo.InvariantCulture);

    private static string Highlight(Query query, string text)
    {
        // Highlighter is not thread-safe and cheap to build: one per hit.
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), MarkupEncoder.Instance, new QueryScorer(query, IndexFields.Bigrams))
        {
            TextFragmenter = new SimpleFragmenter(SearchTuning.SnippetLength),
        };
        var fragment = highlighter.GetBestFragment(ChunkAnalyzers.Bigrams, IndexFields.Bigrams, text);
        return fragment ?? MarkupEncoder.Encode(Truncate(text));
    }

    private static string Truncate(string text) =>
        text.Length <= SearchTuning.SnippetLength ? text : string.Concat(text.AsSpan(0, SearchTuning.SnippetLength), "…");

    private sealed record DomainResult(IReadOnlyList<SearchHit> Hits, int Total, IReadOnlyList<SearchWarning> Warnings);
}
