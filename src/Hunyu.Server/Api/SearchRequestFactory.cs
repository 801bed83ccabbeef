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
    /// The request to run. Domain names are checked here; which named domains exist or may be seen is the knowledge
    /// base's to decide (it warns about the others exactly as about missing ones).
    /// </summary>
    /// <exception cref="HunyuException">A domain name is malformed (<c>invalid_argument</c>), or the query or limit is invalid.</exception>
    public static SearchRequest Create(
        Principal principal,
        string? query,
        IReadOnlyList<string>? domains,
        IReadOnlyList<string>? sources,
        IReadOnlyDictionary<string, string>? metadata,
        int? limit,
        bool explain,
        bool highlight)
    {
        var named = (domains ?? []).Select(d => d?.Trim() ?? string.Empty).Distinct(StringComparer.Ordinal).ToList();
        var request = new SearchRequest
        {
            Query = query ?? string.Empty,
            Principal = principal,
            Domains = named,
            Sources = sources ?? [],
            Metadata = metadata ?? new Dictionary<string, string>(),
            Limit = limit ?? DefaultLimit,
            Explain = explain,
            Highlight = highlight,
        };

        // Same checks and messages as the searcher, before anything is looked up.
        LuceneKnowledgeSearcher.Validate(request);
        for (var i = 0; i < named.Count; i++)
        {
            if (!Domain.IsValidName(named[i]))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"domains[{i}] '{Clip(named[i])}': {Domain.NameRule}");
            }
        }

        return request;
    }

    /// <summary>A value cut for an error message, so the message stays one short line.</summary>
    internal static string Clip(string value) => value.Length <= 80 ? value : value[..80] + "…";
}
