using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>Whether a report entry is about a whole document or one chunk of it.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<GovernanceLevel>))]
public enum GovernanceLevel
{
    /// <summary>A whole document (its id is the document's key).</summary>
    [JsonStringEnumMemberName("document")]
    Document,

    /// <summary>One chunk (its id is the citation id <c>documentId:ordinal</c>).</summary>
    [JsonStringEnumMemberName("chunk")]
    Chunk,
}
