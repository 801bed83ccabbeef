namespace Hunyu.Ingestion.Governance;

/// <summary>
/// What the pipeline does with each kind of finding (configuration section <c>Hunyu:Governance:Actions</c>): drop the
/// document, or keep it and report the finding. The defaults (<see cref="Strict"/>) drop every finding, as
/// <c>hunyu clean</c> does; an ingest keeps what a user would miss (<see cref="Ingest"/>).
/// </summary>
/// <remarks>
/// Applies at document and chunk level alike, except that a kept document never loses every chunk to deduplication
/// (see <see cref="GovernancePipeline.ProcessChunks"/>) and near-duplicate chunks are only looked for when
/// <see cref="NearDuplicate"/> drops them. Failures of a step (it threw) always drop the document.
/// </remarks>
public sealed record GovernanceActions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = GovernanceOptions.Section + ":Actions";

    /// <summary>Every finding drops its document: the profile of <c>hunyu clean</c>.</summary>
    /// <remarks>A new instance each time: configuration binding sets properties in place.</remarks>
    public static GovernanceActions Strict => new();

    /// <summary>
    /// The ingest profile: broken input (<c>screen</c>: binary, mojibake, too large) and exact duplicates are dropped;
    /// near duplicates and quality findings are reported and kept, because on real corpora they include documents
    /// users look for (formulaic sibling statutes at similarity 0.7–0.9, a one-line note, a short FAQ).
    /// </summary>
    public static GovernanceActions Ingest => new() { Quality = FindingAction.Report, NearDuplicate = FindingAction.Report };

    /// <summary>Documents the <c>screen</c> step finds broken: binary content, mis-decoded text, over the size limit.</summary>
    /// <value>The default is <see cref="FindingAction.Drop"/>.</value>
    public FindingAction Screen { get; init; } = FindingAction.Drop;

    /// <summary>Documents the <c>quality</c> step finds wanting: too short, mostly symbols, repeated lines, machine-generated, a language not allowed.</summary>
    /// <value>The default is <see cref="FindingAction.Drop"/>; <see cref="Ingest"/> reports.</value>
    public FindingAction Quality { get; init; } = FindingAction.Drop;

    /// <summary>Documents and chunks whose dedup text equals an earlier kept one's.</summary>
    /// <value>The default is <see cref="FindingAction.Drop"/>.</value>
    public FindingAction ExactDuplicate { get; init; } = FindingAction.Drop;

    /// <summary>Documents and chunks similar to an earlier kept one at or above <see cref="DedupOptions.Threshold"/>.</summary>
    /// <value>The default is <see cref="FindingAction.Drop"/>; <see cref="Ingest"/> reports.</value>
    public FindingAction NearDuplicate { get; init; } = FindingAction.Drop;

    /// <summary>The action for a drop by the step named <paramref name="step"/>; steps without an action of their own always drop.</summary>
    public FindingAction ForStep(string step) => step switch
    {
        ScreenStep.StepName => Screen,
        QualityStep.StepName => Quality,
        _ => FindingAction.Drop,
    };

    /// <summary>The action for a duplicate of kind <paramref name="kind"/>.</summary>
    public FindingAction ForDuplicate(DuplicateKind kind) => kind == DuplicateKind.Exact ? ExactDuplicate : NearDuplicate;

    /// <summary>The kinds of duplicate a dedup index keeps as items of their own (those reported rather than dropped).</summary>
    public KeptDuplicates Kept =>
        (ExactDuplicate == FindingAction.Report ? KeptDuplicates.Exact : KeptDuplicates.None)
        | (NearDuplicate == FindingAction.Report ? KeptDuplicates.Near : KeptDuplicates.None);

    /// <summary>Checks every action is defined.</summary>
    /// <exception cref="ArgumentOutOfRangeException">An action is not drop or report; the message names the option.</exception>
    public void Validate()
    {
        foreach (var (name, action) in new[] { (nameof(Screen), Screen), (nameof(Quality), Quality), (nameof(ExactDuplicate), ExactDuplicate), (nameof(NearDuplicate), NearDuplicate) })
        {
            if (!Enum.IsDefined(action))
            {
                throw new ArgumentOutOfRangeException($"{Section}:{name}", action, $"{Section}:{name} is {(int)action}; allowed: drop, report.");
            }
        }
    }
}
