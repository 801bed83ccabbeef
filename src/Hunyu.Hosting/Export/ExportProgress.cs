namespace Hunyu.Hosting.Export;

/// <summary>How far an export is.</summary>
/// <param name="Documents">Documents read so far.</param>
/// <param name="Bytes">Bytes written so far.</param>
/// <param name="Elapsed">Time since the export started.</param>
public readonly record struct ExportProgress(int Documents, long Bytes, TimeSpan Elapsed);
