namespace Hunyu.Ingestion.Governance;

/// <summary>Receives every outcome of a governance run, in input order, e.g. to build a <see cref="GovernanceReport"/> or to store one per ingest run.</summary>
public interface IGovernanceReportSink
{
    /// <summary>Takes the outcome of one document (and of its chunks, when chunked).</summary>
    void Add(GovernanceOutcome outcome);
}
