using Hunyu.Core.Knowledge;

namespace Hunyu.Ingestion.Chunking;

/// <summary>A document cut into chunks, with the extracted text the chunks' offsets point into.</summary>
/// <param name="Text">
/// The extracted text: every non-blank block's normalised text, joined with "\n". For every chunk,
/// <c>Text[chunk.StartOffset..chunk.EndOffset]</c> equals <c>chunk.Text</c>.
/// </param>
/// <param name="Chunks">The chunks in reading order, ordinals 0..n-1; empty when the document has no text.</param>
/// <param name="SkippedBlocks">How many blocks were skipped because they were empty or blank after normalisation.</param>
public sealed record ChunkedDocument(string Text, IReadOnlyList<Chunk> Chunks, int SkippedBlocks);
