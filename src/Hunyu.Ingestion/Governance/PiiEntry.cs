namespace Hunyu.Ingestion.Governance;

/// <summary>A report entry: personal information found in a kept document.</summary>
/// <param name="Id">The document's id.</param>
/// <param name="Type">The kind of information, e.g. <c>resident_id</c>, <c>mobile</c>, <c>email</c>.</param>
/// <param name="Start">Start offset in <see cref="GovernedDocument.Text"/> as it was when the finding was recorded.</param>
/// <param name="End">Exclusive end offset.</param>
public sealed record PiiEntry(string Id, string Type, int Start, int End);
