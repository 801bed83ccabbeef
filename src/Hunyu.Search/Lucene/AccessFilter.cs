using System.Globalization;
using Hunyu.Core.Search;
using Lucene.Net.Index;
using Lucene.Net.Search;

namespace Hunyu.Search.Lucene;

/// <summary>
/// Turns who asks and the request's filters into a Lucene filter applied inside the search, so
/// forbidden chunks never reach ranking, counts or snippets.
/// </summary>
public static class AccessFilter
{
    /// <summary>The filter for <paramref name="request"/>; null when nothing restricts it (an admin with no filters).</summary>
    public static Filter? Build(SearchRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var filter = new BooleanQuery();
        if (!request.Principal.IsAdmin)
        {
            // SECURITY: the ACL is part of the query, never a post-filter on ranked results.
            var tokens = request.Principal.AccessTokens();
            filter.Add(AnyOf(IndexFields.AclAllow, tokens), Occur.MUST);
            foreach (var token in tokens)
            {
                filter.Add(new TermQuery(new Term(IndexFields.AclDeny, token)), Occur.MUST_NOT);
            }
        }

        if (request.Sources.Count > 0)
        {
            filter.Add(AnyOf(IndexFields.Source, request.Sources), Occur.MUST);
        }

        foreach (var (key, value) in request.Metadata)
        {
            var field = IndexFields.MetadataPrefix + key.ToLowerInvariant();
            filter.Add(new TermQuery(new Term(field, value.ToLower(CultureInfo.InvariantCulture))), Occur.MUST);
        }

        return filter.Clauses.Count == 0 ? null : new QueryWrapperFilter(filter);
    }

    private static BooleanQuery AnyOf(string field, IEnumerable<string> values)
    {
        var any = new BooleanQuery();
        foreach (var value in values)
        {
            any.Add(new TermQuery(new Term(field, value)), Occur.SHOULD);
        }

        return any;
    }
}
