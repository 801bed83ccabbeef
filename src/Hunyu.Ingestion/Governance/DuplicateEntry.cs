using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>A report entry: an item that duplicates a kept one, dropped for it (or, when <see cref="Kept"/>, kept and reported).</summary>
/// <param name="Id">The duplicate item's id.</param>
/// <param name="DuplicateOf">The kept item's id.</param>
/// <param name="Kind">Exact or near.</param>
/// <param name="Similarity">1 for exact; the estimated Jaccard similarity for near duplicates, rounded to 3 digits.</param>
/// <param name="Level">Document or chunk.</param>
public sealed record DuplicateEntry(string Id, string DuplicateOf, DuplicateKind Kind, double Similarity, GovernanceLevel Level)
{
    /// <summary>The document's key in its source (<c>file</c> or <c>file#record</c>), when the id is not it; null otherwise.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Key { get; init; }

    /// <summary>True when the item was kept (indexed) despite being a duplicate: its kind's action is <see cref="FindingAction.Report"/>.</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public bool Kept { get; init; }
}
