using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>What the pipeline does with a document a step found something wrong with (see <see cref="GovernanceActions"/>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<FindingAction>))]
public enum FindingAction
{
    /// <summary>Drop the document (it is not indexed) and list it in the report with the step and reason.</summary>
    [JsonStringEnumMemberName("drop")]
    Drop,

    /// <summary>Keep the document (it is indexed) and list the finding in the report.</summary>
    [JsonStringEnumMemberName("report")]
    Report,
}
