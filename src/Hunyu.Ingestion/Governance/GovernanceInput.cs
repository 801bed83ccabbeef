using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Governance;

/// <summary>One document for <see cref="GovernancePipeline.Run"/>.</summary>
/// <param name="Id">The id in reports and in the dedup index (the document key or id).</param>
/// <param name="Document">The parser's output.</param>
public sealed record GovernanceInput(string Id, ParsedDocument Document);
