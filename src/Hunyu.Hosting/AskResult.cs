using Hunyu.Core.Answers;
using Hunyu.Core.Search;
using Hunyu.Models.Gateway;
using Hunyu.Models.Grounding;

namespace Hunyu.Hosting;

/// <summary>An answer and the search it was composed from.</summary>
/// <param name="Answer">The cited answer or abstention.</param>
/// <param name="Search">The evidence retrieved for it.</param>
public sealed record AskResult(Answer Answer, SearchResult Search)
{
    /// <summary>Which model answered and why (the routing reasons and every attempt); null for the extractive answerer.</summary>
    public ModelDecision? Decision { get; init; }

    /// <summary>The standalone question searched for a follow-up (and how it was made); null when there was no history.</summary>
    public RewrittenQuestion? Rewritten { get; init; }

    /// <summary>
    /// Citation ids of passages withheld from the evidence as possible prompt injections (quarantine mode); recorded in
    /// the audit entry. The passages themselves are in <see cref="Search"/> for administrators only, with their flags.
    /// </summary>
    public IReadOnlyList<string> Quarantined { get; init; } = [];
}
