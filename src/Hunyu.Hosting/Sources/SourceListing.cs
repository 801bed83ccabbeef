using Hunyu.Core.Catalog;

namespace Hunyu.Hosting.Sources;

/// <summary>A source with its counts and, when it was added with <c>hunyu sources add</c>, its definition.</summary>
/// <param name="Summary">The source, its live documents and last ingest.</param>
/// <param name="Definition">Its stored definition; null for a source ingested ad hoc (<c>hunyu ingest</c>, <c>crawl</c>, uploads, notes).</param>
public sealed record SourceListing(SourceSummary Summary, SourceDefinition? Definition);
