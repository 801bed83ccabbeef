using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>A report entry: an item a step dropped for a reason other than duplication.</summary>
/// <param name="Id">The dropped item's id.</param>
/// <param name="Step">The step that dropped it.</param>
/// <param name="Reason">Why, naming the measured value and the limit.</param>
/// <param name="Level">Document or chunk.</param>
public sealed record DroppedEntry(string Id, string Step, string Reason, GovernanceLevel Level)
{
    /// <summary>The document's key in its source (<c>file</c> or <c>file#record</c>), when the id is not it; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }
}
