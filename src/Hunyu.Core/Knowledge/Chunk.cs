namespace Hunyu.Core.Knowledge;

/// <summary>A passage of a document: the unit that is indexed, retrieved and cited.</summary>
/// <param name="DocumentId">The document it was cut from.</param>
/// <param name="Ordinal">Position among the document's chunks, from 0.</param>
/// <param name="Text">The passage text.</param>
/// <param name="SectionPath">Headings above the passage, outermost first, joined by <see cref="SectionSeparator"/>; empty when none.</param>
/// <param name="Page">1-based page for paged formats (PDF, slides); null otherwise.</param>
/// <param name="StartOffset">Character offset of the passage in the document's extracted text.</param>
/// <param name="EndOffset">Exclusive end offset in the document's extracted text.</param>
public sealed record Chunk(string DocumentId, int Ordinal, string Text, string SectionPath, int? Page, int StartOffset, int EndOffset)
{
    /// <summary>What joins the headings of a section path: " &gt; ".</summary>
    public const string SectionSeparator = " > ";

    /// <summary>The stable citation id of this chunk: <c>documentId:ordinal</c>.</summary>
    public string CitationId => CitationIds.Format(DocumentId, Ordinal);
}
