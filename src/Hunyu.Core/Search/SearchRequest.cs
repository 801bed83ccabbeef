using Hunyu.Core.Security;

namespace Hunyu.Core.Search;

/// <summary>A question to the knowledge base, with who asks and where to look.</summary>
public sealed record SearchRequest
{
    /// <summary>Longest accepted query, in characters.</summary>
    public const int MaxQueryLength = 2_000;

    /// <summary>Most hits one request may ask for.</summary>
    public const int MaxLimit = 1_000;

    /// <summary>The query text.</summary>
    public required string Query { get; init; }

    /// <summary>Who asks; only documents this principal may see are searched.</summary>
    public required Principal Principal { get; init; }

    /// <summary>Domains to search; empty means every domain.</summary>
    public IReadOnlyList<string> Domains { get; init; } = [];

    /// <summary>Source ids to restrict to; empty means all sources.</summary>
    public IReadOnlyList<string> Sources { get; init; } = [];

    /// <summary>Metadata equality filters (all must match).</summary>
    public IReadOnlyDictionary<string, string> Metadata { get; init; } = new Dictionary<string, string>();

    /// <summary>How many hits to return.</summary>
    public int Limit { get; init; } = 10;

    /// <summary>Whether to compute highlighted snippets.</summary>
    public bool Highlight { get; init; } = true;

    /// <summary>Whether to attach a per-hit score explanation.</summary>
    public bool Explain { get; init; }
}
