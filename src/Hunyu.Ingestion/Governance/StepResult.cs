namespace Hunyu.Ingestion.Governance;

/// <summary>The result of one step on one document.</summary>
/// <param name="Action">What the step did.</param>
/// <param name="Detail">What changed, or why the document was dropped; null when unchanged or a duplicate.</param>
/// <param name="Match">The kept document this one duplicates; set only for <see cref="StepAction.Duplicate"/>.</param>
public sealed record StepResult(StepAction Action, string? Detail, DedupMatch? Match)
{
    /// <summary>The step left the document as it was.</summary>
    public static StepResult Unchanged { get; } = new(StepAction.Unchanged, null, null);

    /// <summary>The step changed the document; <paramref name="what"/> says how, e.g. "removed 3 page footers".</summary>
    public static StepResult Changed(string what)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(what);
        return new(StepAction.Changed, what, null);
    }

    /// <summary>The step dropped the document; <paramref name="reason"/> says why and names the limit, e.g. "too short: 1 character; minimum 2".</summary>
    public static StepResult Drop(string reason)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        return new(StepAction.Dropped, reason, null);
    }

    /// <summary>The document duplicates the kept document of <paramref name="match"/>.</summary>
    public static StepResult Duplicate(DedupMatch match)
    {
        ArgumentNullException.ThrowIfNull(match);
        return new(StepAction.Duplicate, null, match);
    }
}
