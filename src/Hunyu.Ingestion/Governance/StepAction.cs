namespace Hunyu.Ingestion.Governance;

/// <summary>What a step did to a document.</summary>
public enum StepAction
{
    /// <summary>Nothing: the document passes on as it was.</summary>
    Unchanged,

    /// <summary>The step changed the document and passes it on.</summary>
    Changed,

    /// <summary>The step dropped the document; no later step sees it.</summary>
    Dropped,

    /// <summary>The document duplicates an earlier kept one and is dropped.</summary>
    Duplicate,
}
