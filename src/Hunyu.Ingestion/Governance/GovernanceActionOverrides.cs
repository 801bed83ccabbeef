namespace Hunyu.Ingestion.Governance;

/// <summary>The actions one ingest sets for itself (<see cref="Jobs.IngestionRequest.Governance"/>); a null keeps the action configured for the domain.</summary>
/// <param name="Screen">For binary, mis-decoded and oversized documents.</param>
/// <param name="Quality">For quality findings.</param>
/// <param name="ExactDuplicate">For exact duplicates.</param>
/// <param name="NearDuplicate">For near duplicates.</param>
public sealed record GovernanceActionOverrides(FindingAction? Screen = null, FindingAction? Quality = null, FindingAction? ExactDuplicate = null, FindingAction? NearDuplicate = null)
{
    /// <summary>
    /// For a document a user hands over one at a time (an upload, a note): an exact duplicate is kept and reported
    /// rather than dropped, since dropping it would make the user's own document vanish (an upload is removed again
    /// when nothing of it was indexed, and a note is not read again unless edited).
    /// </summary>
    public static GovernanceActionOverrides HandedOver { get; } = new(ExactDuplicate: FindingAction.Report);

    /// <summary><paramref name="actions"/> with these overrides applied.</summary>
    public GovernanceActions ApplyTo(GovernanceActions actions)
    {
        ArgumentNullException.ThrowIfNull(actions);
        return actions with
        {
            Screen = Screen ?? actions.Screen,
            Quality = Quality ?? actions.Quality,
            ExactDuplicate = ExactDuplicate ?? actions.ExactDuplicate,
            NearDuplicate = NearDuplicate ?? actions.NearDuplicate,
        };
    }
}
