using Hunyu.Core.Knowledge;

namespace Hunyu.Hosting.Sources;

/// <summary>A source with its stored definition.</summary>
/// <param name="Source">The source.</param>
/// <param name="Definition">Its definition, as stored (paths absolute, defaults filled in).</param>
public sealed record DefinedSource(Source Source, SourceDefinition Definition);
