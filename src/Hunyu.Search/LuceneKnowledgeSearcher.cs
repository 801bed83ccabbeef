using System.Diagnostics;
using System.Globalization;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Search.Federation;
using Hunyu.Search.Hybrid;
using Hunyu.Search.Learning;
using Hunyu.Search.Lucene;
using Hunyu.Search.WebSearch;
using Hunyu.Text.Normalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Highlight;

namespace Hunyu.Search;

/// <summary>
/// Federated search over the domains' Lucene indexes: the question fans out to every requested domain
/// in parallel, each scored with BM25 over statistics summed across all of them (so scores are
/// comparable), and the lists are fused into one. A domain that fails or runs out of time becomes a
/// warning; the others still answer. With a <see cref="DenseRetriever"/>, each domain's nearest chunks by
/// embedding are fused with the lexical ones (hybrid search); a model that fails or is slow becomes a warning
/// and the search answers lexically.
/// </summary>
/// <remarks>Thread-safe.</remarks>
/// <param name="indexes">The per-domain indexes.</param>
/// <param name="weightOf">A domain's fusion weight (default 1).</param>
/// <param name="method">How the domains' lists are fused.</param>
/// <param name="expander">Adds learned terms to every question (see <c>hunyu learn</c>); none by default.</param>
/// <param name="domainExpander">A domain's own learned expansions, used for it instead of <paramref name="expander"/>; none by default.</param>
/// <param name="dense">Adds the nearest chunks by embedding (hybrid search); none by default.</param>
/// <param name="web">Internet domains answered live by a web search engine, by domain name; none by default.</param>
/// <param name="reranker">Reorders the best fused hits by a model reading question and passage together; none by default.</param>
public sealed class LuceneKnowledgeSearcher(
    DomainIndexSet indexes,
    Func<string, double>? weightOf = null,
    FusionMethod method = FusionMethod.Score,
    IQueryExpander? expander = null,
    DenseRetriever? dense = null,
    IReadOnlyDictionary<string, IWebSearchProvider>? web = null,
    IReranker? reranker = null,
    Func<string, IQueryExpander?>? domainExpander = null) : IKnowledgeSearcher
{
    /// <summary>How long one domain may take before the search answers without it.</summary>
    public static readonly TimeSpan DomainBudget = TimeSpan.FromSeconds(10);

    /// <summary>How many fused hits the reranker reorders (at least the request's limit).</summary>
    public const int RerankDepth = 50;

    /// <summary>How long the reranker may take before the fused order is kept.</summary>
    public static readonly TimeSpan RerankBudget = TimeSpan.FromSeconds(5);

    /// <summary>The <see cref="SearchWarning.Domain"/> of a warning about every domain (e.g. the embedding model failed).</summary>
    public const string AllDomains = "*";

    /// <inheritdoc />
    public async Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var stopwatch = Stopwatch.StartNew();
        var text = Validate(request);
        var normalized = TextNormalizer.Normalize(text);
        var query = ChunkQueryBuilder.Build(normalized, expander);
        if (query is null)
        {
            return new SearchResult([], 0, [], stopwatch.Elapsed);
        }

        // The question is embedded while the lexical search runs.
        using var embeddingBudget = dense is null ? null : CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        embeddingBudget?.CancelAfter(EmbeddingModel.QueryBudget);
        var embedding = embeddingBudget is null ? null : dense!.EmbedAsync(text, embeddingBudget.Token);
        var requested = request.Domains.Count > 0 ? request.Domains : [.. indexes.Domains, .. web?.Keys ?? []];
        var routing = request.Domains.Count > 0 ? $"requested: {string.Join(", ", requested)}" : $"all domains: {string.Join(", ", requested)}";
        // With a reranker every domain retrieves deeper, so it has candidates to reorder.
        var retrieval = reranker is null ? request : request with { Limit = Math.Max(request.Limit, RerankDepth) };
        var live = requested.Where(d => web?.ContainsKey(d) == true).Select(d => (Domain: d, Task: AskWebAsync(d, web![d], text, retrieval, cancellationToken))).ToList();
        var warnings = new List<SearchWarning>();
        var leases = new List<(string Domain, LuceneDomainIndex.SearcherLease Lease)>();
        try
        {
            foreach (var domain in requested.Where(d => web?.ContainsKey(d) != true))
            {
                if (Open(domain, warnings) is { } index)
                {
                    leases.Add((domain, index.Acquire()));
                }
            }

            var filter = AccessFilter.Build(request);
            // A domain with its own learned model is searched with its expansions; the others with the common query.
            var queries = leases.Select(l => domainExpander?.Invoke(l.Domain) is { } own ? ChunkQueryBuilder.Build(normalized, own) ?? query : query).ToList();
            var searchers = SearchersFor(queries, leases.Select(l => l.Lease.Searcher).ToList());
            // PERF: one domain needs no thread hop; several run in parallel.
            List<(string Domain, Task<DomainHits> Task)> searches = leases.Count == 1
                ? [(leases[0].Domain, Task.FromResult(SearchDomain(leases[0].Domain, searchers[0], queries[0], filter, retrieval)))]
                : [.. leases.Select((l, i) => (l.Domain, Task.Run(() => SearchDomain(l.Domain, searchers[i], queries[i], filter, retrieval), cancellationToken)))];
            searches.AddRange(live);

            var lists = new List<DomainHits>();
            using var budgetTimer = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            Task? budget = null;
            foreach (var (domain, search) in searches)
            {
                // PERF: the budget's timer starts only if a domain is still searching.
                if (!search.IsCompleted && await Task.WhenAny(search, budget ??= Task.Delay(DomainBudget, budgetTimer.Token)) != search)
                {
                    warnings.Add(new SearchWarning(domain, ErrorCode.Timeout.Code, $"domain '{domain}' did not answer within {DomainBudget.TotalSeconds:0} s; results are without it"));
                    // Its searcher goes back when the search ends, not while it still reads.
                    var leased = leases.FindIndex(l => l.Domain == domain);
                    if (leased >= 0)
                    {
                        var lease = leases[leased].Lease;
                        leases.RemoveAt(leased);
                        _ = search.ContinueWith(_ => lease.Dispose(), TaskScheduler.Default);
                    }

                    continue;
                }

                try
                {
                    lists.Add(await search);
                }
                catch (Exception e) when (e is HunyuException or ObjectDisposedException)
                {
                    // A domain removed while it was searched is answered without, like one that failed.
                    var code = e is HunyuException h ? h.Error.Code : ErrorCode.StoreUnavailable.Code;
                    warnings.Add(new SearchWarning(domain, code, $"{e.Message}; results are without domain '{domain}'"));
                }
            }

            await budgetTimer.CancelAsync();
            cancellationToken.ThrowIfCancellationRequested();
            if (embedding is not null && await QuestionVectorAsync(embedding, warnings, cancellationToken) is { } vector)
            {
                lists = [.. lists.Select(list => list.RankOnly ? list : list with { Dense = SearchDense(list.Domain, leases, vector, filter, retrieval, warnings) })];
            }

            var hits = ResultFusion.Merge(lists, method, retrieval.Limit, request.Explain);
            if (reranker is not null)
            {
                hits = await RerankAsync(reranker, text, hits, request, warnings, cancellationToken);
            }

            if (request.Highlight)
            {
                hits = [.. hits.Select(hit => hit with { Snippet = Highlight(query, hit.Text) })];
            }

            return new SearchResult(hits, lists.Sum(l => l.TotalHits), warnings, stopwatch.Elapsed)
            {
                DomainCounts = lists.ToDictionary(l => l.Domain, l => l.TotalHits, StringComparer.Ordinal),
                Routing = routing,
            };
        }
        finally
        {
            foreach (var (_, lease) in leases)
            {
                lease.Dispose();
            }
        }
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

    /// <summary>
    /// Searchers that score with statistics summed over all the domains, so their scores compare. PERF: a
    /// single domain's own statistics are already the sum, so its searcher is used as it is.
    /// </summary>
    private static IReadOnlyList<IndexSearcher> SearchersFor(IReadOnlyList<Query> queries, IReadOnlyList<IndexSearcher> searchers)
    {
        if (searchers.Count <= 1)
        {
            return searchers;
        }

        var terms = new HashSet<Term>();
        foreach (var query in queries.Distinct<Query>(ReferenceEqualityComparer.Instance))
        {
            query.ExtractTerms(terms);
        }

        var statistics = CorpusStatistics.Gather(terms, searchers);
        return searchers.Select(searcher => statistics.SearcherFor(searcher.IndexReader, LuceneDomainIndex.Ranking)).ToList();
    }

    /// <summary>The domain's index, or null with a warning when it does not exist or cannot be opened.</summary>
    private LuceneDomainIndex? Open(string domain, List<SearchWarning> warnings)
    {
        try
        {
            // Searching never creates an index: a domain named in a request may not exist.
            var index = indexes.GetExisting(domain);
            if (index is null)
            {
                warnings.Add(new SearchWarning(domain, ErrorCode.NotFound.Code, $"domain '{domain}' does not exist; it was not searched"));
            }

            return index;
        }
        catch (Exception e) when (e is HunyuException or IOException or UnauthorizedAccessException or CorruptIndexException or ObjectDisposedException)
        {
            var code = e is HunyuException h ? h.Error.Code : ErrorCode.StoreUnavailable.Code;
            warnings.Add(new SearchWarning(domain, code, e.Message));
            return null;
        }
    }

    /// <summary>A web search engine's results as the hits of an internet domain (rank-ordered, no comparable scores).</summary>
    private async Task<DomainHits> AskWebAsync(string domain, IWebSearchProvider provider, string question, SearchRequest request, CancellationToken cancellationToken)
    {
        var result = await provider.SearchAsync(question, request.Limit, cancellationToken);
        var hits = WebSearchHits.Of(domain, provider, result, request.Explain);
        return new DomainHits(domain, [.. hits.Select(hit => new Candidate(hit))], hits.Count, weightOf?.Invoke(domain) ?? 1.0) { RankOnly = true };
    }

    /// <summary>The best fused hits reordered by the reranker, cut to the request's limit; the fused order with a warning when it fails.</summary>
    private static async Task<IReadOnlyList<SearchHit>> RerankAsync(
        IReranker model, string question, IReadOnlyList<SearchHit> hits, SearchRequest request, List<SearchWarning> warnings, CancellationToken cancellationToken)
    {
        if (hits.Count <= 1)
        {
            return hits;
        }

        using var budget = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        budget.CancelAfter(RerankBudget);
        try
        {
            var scores = await model.RerankAsync(question, [.. hits.Select(h => h.Text)], request.Limit, budget.Token);
            return [.. scores.Take(request.Limit).Select((scored, i) => hits[scored.Index] with
            {
                Rank = i + 1,
                Score = scored.Score,
                Explanation = request.Explain
                    ? string.Create(CultureInfo.InvariantCulture, $"reranked: score {scored.Score:0.####} (fused rank {hits[scored.Index].Rank}); {hits[scored.Index].Explanation}")
                    : null,
            })];
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            warnings.Add(new SearchWarning(AllDomains, ErrorCode.Timeout.Code, $"rerank: no answer within {RerankBudget.TotalSeconds:0} s; hits are in fused order"));
        }
        catch (HunyuException e)
        {
            warnings.Add(new SearchWarning(AllDomains, e.Error.Code, $"rerank: {e.Message}; hits are in fused order"));
        }

        return [.. hits.Take(request.Limit)];
    }

    /// <summary>The question's embedding, or null with a warning when the model failed or was too slow.</summary>
    private async Task<ReadOnlyMemory<float>?> QuestionVectorAsync(Task<ReadOnlyMemory<float>> embedding, List<SearchWarning> warnings, CancellationToken cancellationToken)
    {
        try
        {
            return await embedding;
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            warnings.Add(new SearchWarning(AllDomains, ErrorCode.Timeout.Code, $"embeddings ({dense!.Model}): no answer within {EmbeddingModel.QueryBudget.TotalSeconds:0} s; results are lexical only"));
        }
        catch (HunyuException e)
        {
            warnings.Add(new SearchWarning(AllDomains, e.Error.Code, $"{e.Message}; results are lexical only"));
        }

        return null;
    }

    private IReadOnlyList<SearchHit> SearchDense(
        string domain, List<(string Domain, LuceneDomainIndex.SearcherLease Lease)> leases, ReadOnlyMemory<float> vector, Filter? filter, SearchRequest request, List<SearchWarning> warnings)
    {
        try
        {
            return dense!.Search(domain, leases.Single(l => l.Domain == domain).Lease.Searcher, vector, filter, request.Limit, request.Explain);
        }
        catch (HunyuException e)
        {
            warnings.Add(new SearchWarning(domain, e.Error.Code, $"{e.Message}; domain '{domain}' is searched lexically only"));
            return [];
        }
    }

    private DomainHits SearchDomain(string domain, IndexSearcher searcher, Query query, Filter? filter, SearchRequest request)
    {
        var top = searcher.Search(query, filter, request.Limit);
        // Stored fields are read only for the hits fusion keeps.
        var hits = top.ScoreDocs
            .Select(scored => new Candidate(scored.Score, () => StoredHits.Read(searcher, scored.Doc, scored.Score, request.Explain ? searcher.Explain(query, scored.Doc).ToString() : null)))
            .ToList();
        return new DomainHits(domain, hits, top.TotalHits, weightOf?.Invoke(domain) ?? 1.0);
    }

    private static string Highlight(Query query, string text)
    {
        // Highlighter is not thread-safe and cheap to build: one per hit.
        var highlighter = new Highlighter(new SimpleHTMLFormatter("<em>", "</em>"), MarkupEncoder.Instance, new QueryScorer(query, IndexFields.Bigrams))
        {
            TextFragmenter = new SimpleFragmenter(SearchTuning.SnippetLength),
        };
        var fragment = highlighter.GetBestFragment(ChunkAnalyzers.Bigrams, IndexFields.Bigrams, text);
        return fragment ?? MarkupEncoder.Encode(StoredHits.Truncate(text));
    }
}
