using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Search;
using Hunyu.Server.Identity;

namespace Hunyu.Server.Api;

/// <summary>Turns the fields of a search or ask body into a <see cref="SearchRequest"/>, checking what the searcher does not.</summary>
internal static class SearchRequestFactory
{
    /// <summary>The default number of hits.</summary>
    public const int DefaultLimit = 10;

    /// <summary>
    /// The request to run, and warnings for named domains that do not exist (or are not visible); the request is
    /// null when none of the named domains exists, so nothing is to be searched.
    /// </summary>
    /// <exception cref="HunyuException">A domain name is malformed (<c>invalid_argument</c>), or the query or limit is invalid.</exception>
    public static async Task<(SearchRequest? Request, IReadOnlyList<SearchWarning> Warnings)> CreateAsync(
        KnowledgeBase knowledge,
        Principal principal,
        string? query,
        IReadOnlyList<string>? domains,
        IReadOnlyList<string>? sources,
        IReadOnlyDictionary<string, string>? metadata,
        int? limit,
        bool explain,
        bool highlight,
        CancellationToken cancellationToken)
    {
        var request = new SearchRequest
        {
            Query = query ?? string.Empty,
            Principal = principal,
            Sources = sources ?? [],
            Metadata = metadata ?? new Dictionary<string, string>(),
            Limit = limit ?? DefaultLimit,
            Explain = explain,
            Highlight = highlight,
        };

        // Same checks and messages as the searcher, before the domains are looked up.
        LuceneKnowledgeSearcher.Validate(request);
        var named = (domains ?? []).Select(d => d?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        if (named.Count == 0)
        {
            return (request, []);
        }

        for (var i = 0; i < named.Count; i++)
        {
            if (!Domain.IsValidName(named[i]))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"domains[{i}] '{Clip(named[i])}': {Domain.NameRule}");
            }
        }

        // SECURITY: only domains the principal may see reach the searcher (a personal domain is its owner's alone);
        // the answer for a hidden domain is the same as for a missing one.
        var known = (await knowledge.ListDomainsAsync(cancellationToken))
            .Where(d => DomainVisibility.Permits(d.Domain, principal))
            .Select(d => d.Domain.Name)
            .ToHashSet(StringComparer.Ordinal);
        var existing = named.Where(known.Contains).ToList();
        var warnings = named.Where(d => !known.Contains(d))
            .Select(d => new SearchWarning(d, ErrorCode.NotFound.Code, $"domain '{d}' does not exist; it was not searched"))
            .ToList();
        return (existing.Count == 0 ? null : request with { Domains = existing }, warnings);
    }

    private static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
