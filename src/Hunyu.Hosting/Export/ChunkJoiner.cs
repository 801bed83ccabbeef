using System.Text;
using Hunyu.Core.Knowledge;

namespace Hunyu.Hosting.Export;

/// <summary>
/// Rebuilds a document's text from its indexed chunks. Consecutive chunks may overlap (the chunker repeats the last
/// sentences of a full chunk); the offsets say by how much, so each overlap is written once.
/// </summary>
public static class ChunkJoiner
{
    /// <summary>What joins two chunks that do not touch: the text between them (block breaks, withheld chunks) is not indexed.</summary>
    public const char Gap = '\n';

    /// <summary>The text of <paramref name="chunks"/> (in ordinal order) without duplicated overlaps, and each chunk's part of it.</summary>
    public static (string Text, IReadOnlyList<TextPiece> Pieces) Join(IReadOnlyList<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        var text = new StringBuilder();
        var pieces = new List<TextPiece>(chunks.Count);
        var previousEnd = -1;
        foreach (var chunk in chunks)
        {
            var skip = 0;
            if (previousEnd >= 0 && chunk.StartOffset < previousEnd && chunk.Text.Length == chunk.EndOffset - chunk.StartOffset)
            {
                skip = Math.Min(previousEnd - chunk.StartOffset, chunk.Text.Length);
            }
            else if (text.Length > 0 && chunk.StartOffset != previousEnd)
            {
                // Also taken when the offsets do not match the text (a step changed its length): joined whole rather than cut blindly.
                text.Append(Gap);
            }

            previousEnd = Math.Max(previousEnd, chunk.EndOffset);
            if (skip == chunk.Text.Length)
            {
                continue;
            }

            var start = text.Length;
            text.Append(chunk.Text, skip, chunk.Text.Length - skip);
            pieces.Add(new TextPiece(start, text.Length, chunk.SectionPath, chunk.CitationId));
        }

        return (text.ToString(), pieces);
    }
}
