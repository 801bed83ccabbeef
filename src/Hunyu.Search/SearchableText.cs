using Hunyu.Core.Knowledge;

namespace Hunyu.Search;

/// <summary>The text of a chunk that retrieval matches against, lexically and by embedding alike.</summary>
public static class SearchableText
{
    /// <summary>Title, section path and passage, one per line: a passage is often found by its headings' words.</summary>
    public static string Of(Document document, Chunk chunk)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(chunk);
        return chunk.SectionPath.Length > 0 ? $"{document.Title}\n{chunk.SectionPath}\n{chunk.Text}" : $"{document.Title}\n{chunk.Text}";
    }
}
