using Hunyu.Core.Knowledge;

namespace Hunyu.Hosting.Export;

/// <summary>A document as it leaves the knowledge base: its indexed text joined without overlaps, every field PII-guarded.</summary>
/// <param name="Document">The catalog's record (its metadata unguarded: use <see cref="Metadata"/>).</param>
/// <param name="Title">The guarded title.</param>
/// <param name="Text">The guarded text; empty when the index holds no chunk of the document.</param>
/// <param name="Metadata">The guarded metadata.</param>
/// <param name="Pieces">Each chunk's part of <see cref="Text"/>, in order, with its guarded section path.</param>
public sealed record ExportedDocument(
    Document Document,
    string Title,
    string Text,
    IReadOnlyDictionary<string, string> Metadata,
    IReadOnlyList<TextPiece> Pieces)
{
    /// <summary>Joins <paramref name="chunks"/> and passes every field of the document through <paramref name="guard"/>.</summary>
    public static ExportedDocument Create(Document document, IReadOnlyList<Chunk> chunks, PiiGuard guard)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(guard);
        var (text, pieces) = ChunkJoiner.Join(chunks);
        var guarded = new List<TextPiece>(pieces.Count);
        string? rawPath = null;
        var path = string.Empty;
        foreach (var piece in pieces)
        {
            // Consecutive chunks mostly share their section: each distinct path is checked once.
            if (!string.Equals(piece.SectionPath, rawPath, StringComparison.Ordinal))
            {
                rawPath = piece.SectionPath;
                path = guard.Apply(rawPath);
            }

            guarded.Add(piece with { SectionPath = path });
        }

        var metadata = document.Metadata.ToDictionary(pair => pair.Key, pair => guard.Apply(pair.Value), StringComparer.Ordinal);
        return new ExportedDocument(document, guard.Apply(document.Title), guard.Apply(text), metadata, guarded);
    }

    /// <summary>The citation id of the chunk holding offset <paramref name="offset"/> of <see cref="Text"/>.</summary>
    public string CitationAt(int offset)
    {
        var low = 0;
        var high = Pieces.Count - 1;
        while (low < high)
        {
            var middle = (low + high + 1) / 2;
            if (Pieces[middle].Start <= offset)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return Pieces.Count == 0 ? CitationIds.Format(Document.Id, 0) : Pieces[low].Citation;
    }

    /// <summary>Runs of consecutive pieces with the same section path: the document's sections in reading order.</summary>
    public IEnumerable<TextPiece> Sections()
    {
        var i = 0;
        while (i < Pieces.Count)
        {
            var first = Pieces[i];
            var end = first.End;
            while (++i < Pieces.Count && string.Equals(Pieces[i].SectionPath, first.SectionPath, StringComparison.Ordinal))
            {
                end = Pieces[i].End;
            }

            yield return first with { End = end };
        }
    }
}
