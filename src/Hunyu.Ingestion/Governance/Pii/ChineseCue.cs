namespace Hunyu.Ingestion.Governance.Pii;

/// <summary>A cue word and what it announces.</summary>
/// <param name="Word">The word as written (Simplified or Traditional).</param>
/// <param name="Kind">What follows it.</param>
internal readonly record struct ChineseCue(string Word, CueKind Kind);
