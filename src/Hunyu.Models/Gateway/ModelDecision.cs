namespace Hunyu.Models.Gateway;

/// <summary>Which model answered and why: the routing reasons and every attempt in order.</summary>
/// <param name="Model">The model that answered; null when none did (the caller then answers extractively).</param>
/// <param name="Reasons">Why each model was excluded, preferred or chosen, in the order the policy considered them.</param>
/// <param name="Attempts">Every call made, failed ones first, the answering one last.</param>
public sealed record ModelDecision(string? Model, IReadOnlyList<string> Reasons, IReadOnlyList<ModelAttempt> Attempts)
{
    /// <summary>The tokens the answering model used, as it reported them; null when no model answered or it reported none.</summary>
    public TokenUsage? Usage { get; init; }

    /// <summary>A decision that no model was used, for <paramref name="reason"/>.</summary>
    public static ModelDecision NoModel(string reason) => new(null, [reason], []);

    /// <summary>A copy with <paramref name="reason"/> added.</summary>
    public ModelDecision With(string reason) => this with { Reasons = [.. Reasons, reason] };
}
