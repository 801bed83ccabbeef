using Hunyu.Core.Search;
using Hunyu.Models.Gateway;

namespace Hunyu.Models.Grounding;

/// <summary>A question to answer from evidence, with what routing needs.</summary>
public sealed record GroundedRequest
{
    /// <summary>The (standalone) question; see <see cref="FollowUpRewriter"/> for follow-ups.</summary>
    public required string Question { get; init; }

    /// <summary>The retrieved passages, best first; their <see cref="SearchHit.Sensitive"/> flags decide where they may go.</summary>
    public required IReadOnlyList<SearchHit> Evidence { get; init; }

    /// <summary>The speciality the scenario or domain prefers (e.g. <c>legal</c>).</summary>
    public string? Speciality { get; init; }

    /// <summary>A model to try first when policy allows.</summary>
    public string? PreferredModel { get; init; }

    /// <summary>The tenant whose token budget pays.</summary>
    public string? Tenant { get; init; }

    /// <summary>Interactive (default) or batch.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;

    /// <summary>When the caller stops waiting for a model; past it the extractive answer is given.</summary>
    public DateTimeOffset? Deadline { get; init; }
}
