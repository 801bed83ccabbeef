using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>How a duplicate was found.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<DuplicateKind>))]
public enum DuplicateKind
{
    /// <summary>The dedup text (normalised, script-folded, without spaces and punctuation) is equal.</summary>
    [JsonStringEnumMemberName("exact")]
    Exact,

    /// <summary>The estimated Jaccard similarity of the character shingles reaches the threshold.</summary>
    [JsonStringEnumMemberName("near")]
    Near,
}
