using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>What one step did over a run.</summary>
public sealed class StepCounts
{
    /// <summary>Documents the step changed (and kept passing on).</summary>
    [JsonInclude]
    public int Changed { get; internal set; }

    /// <summary>Documents the step dropped for a reason other than duplication.</summary>
    [JsonInclude]
    public int Dropped { get; internal set; }

    /// <summary>Documents the step dropped as duplicates.</summary>
    [JsonInclude]
    public int Duplicates { get; internal set; }

    /// <summary>Documents the step found wanting or duplicated but kept, because the finding's action is <see cref="FindingAction.Report"/>.</summary>
    [JsonInclude]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public int Reported { get; internal set; }
}
