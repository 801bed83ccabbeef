namespace Hunyu.Server.Api.Contracts;

/// <summary>The body of <c>POST /api/search</c>.</summary>
public sealed class SearchBody
{
    /// <summary>The words to search for.</summary>
    public string? Query { get; init; }

    /// <summary>Domains to search; empty or absent means every domain.</summary>
    public IReadOnlyList<string>? Domains { get; init; }

    /// <summary>Source ids to restrict to; empty or absent means all sources.</summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Metadata equality filters; all must match.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>How many hits to return (1-1000); the default is 10.</summary>
    public int? Limit { get; init; }

    /// <summary>Whether to attach a score explanation to each hit.</summary>
    public bool? Explain { get; init; }

    /// <summary>Whether to highlight query terms in snippets with <c>&lt;em&gt;</c>; the default is true.</summary>
    public bool? Highlight { get; init; }
}
