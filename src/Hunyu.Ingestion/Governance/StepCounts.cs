namespace Hunyu.Ingestion.Governance;

/// <summary>What one step did over a run.</summary>
public sealed class StepCounts
{
    /// <summary>Documents the step changed (and kept passing on).</summary>
    public int Changed { get; internal set; }

    /// <summary>Documents the step dropped for a reason other than duplication.</summary>
    public int Dropped { get; internal set; }

    /// <summary>Documents the step dropped as duplicates.</summary>
    public int Duplicates { get; internal set; }
}
