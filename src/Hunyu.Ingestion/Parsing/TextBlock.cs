namespace Hunyu.Ingestion.Parsing;

/// <summary>What a block of extracted text is; the chunker cuts at headings and never inside a short block.</summary>
public enum BlockKind
{
    /// <summary>A heading; <see cref="TextBlock.HeadingLevel"/> says how deep (1 = top).</summary>
    Heading,

    /// <summary>A paragraph of running text.</summary>
    Paragraph,

    /// <summary>One item of a list.</summary>
    ListItem,

    /// <summary>One row of a table, cells separated by " | ".</summary>
    TableRow,

    /// <summary>Preformatted text or code.</summary>
    Code,
}

/// <summary>A structural unit of a parsed document, in reading order.</summary>
/// <param name="Kind">What the block is.</param>
/// <param name="Text">Its text (raw: normalisation happens after parsing).</param>
/// <param name="HeadingLevel">1–6 for headings, 0 otherwise.</param>
/// <param name="Page">1-based page or slide number for paged formats; null otherwise.</param>
public sealed record TextBlock(BlockKind Kind, string Text, int HeadingLevel = 0, int? Page = null);
