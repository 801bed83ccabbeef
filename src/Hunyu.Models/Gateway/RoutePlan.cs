namespace Hunyu.Models.Gateway;

/// <summary>The models a request may go to, in the order to try them, and why.</summary>
/// <param name="Candidates">Eligible chat models, best first; empty when none may take the request.</param>
/// <param name="Reasons">One line per model considered (excluded, preferred or ordered) and the overall choice.</param>
public sealed record RoutePlan(IReadOnlyList<RegisteredModel> Candidates, IReadOnlyList<string> Reasons);
