using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>A report entry: what a step found wrong with an item that was kept anyway, because the action for the finding is <see cref="FindingAction.Report"/>.</summary>
/// <param name="Id">The item's id.</param>
/// <param name="Step">The step that found it.</param>
/// <param name="Reason">What it found, naming the measured value and the limit (the reason it would have been dropped for).</param>
/// <param name="Level">Document or chunk.</param>
public sealed record FindingEntry(string Id, string Step, string Reason, GovernanceLevel Level)
{
    /// <summary>The document's key in its source (<c>file</c> or <c>file#record</c>), when the id is not it; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }
}
