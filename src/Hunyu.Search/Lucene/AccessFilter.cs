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
        // SECURITY: the ACL is part of the query, never a post-filter on ranked results.
        var acl = request.Principal.IsAdmin ? null : new AclFilter(request.Principal.AccessTokens());
        var filter = new BooleanQuery();

        if (request.Sources.Count > 0)
        {
            filter.Add(AnyOf(IndexFields.Source, request.Sources), Occur.MUST);
        }

        foreach (var (key, value) in request.Metadata)
        {
            var field = IndexFields.MetadataPrefix + key.ToLowerInvariant();
            filter.Add(new TermQuery(new Term(field, value.ToLower(CultureInfo.InvariantCulture))), Occur.MUST);
        }

        if (filter.Clauses.Count == 0)
        {
            return acl;
        }

        if (acl is not null)
        {
            filter.Add(new ConstantScoreQuery(acl), Occur.MUST);
        }

        return new QueryWrapperFilter(filter);
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
