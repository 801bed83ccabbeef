using Hunyu.Core.Knowledge;

namespace Hunyu.Hosting;

/// <summary>A document and its text as the index holds it (governed and PII-masked at ingest).</summary>
/// <param name="Document">The document's metadata.</param>
/// <param name="Text">Its passages joined in order, overlaps written once.</param>
/// <param name="Passages">How many indexed passages the text was joined from.</param>
public sealed record DocumentText(Document Document, string Text, int Passages);
