using Hunyu.Core.Knowledge;

namespace Hunyu.Storage.Sqlite;

/// <summary>A source with its stored definition.</summary>
/// <param name="Source">The source.</param>
/// <param name="Definition">The host's JSON definition (<c>hunyu sources add</c>); null for a source ingested ad hoc.</param>
public sealed record StoredSource(Source Source, string? Definition);
