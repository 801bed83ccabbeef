namespace Hunyu.Hosting.Export;

/// <summary>The part of an exported document's text that one chunk contributed (its overlap with the chunk before removed).</summary>
/// <param name="Start">Offset in the exported text.</param>
/// <param name="End">Exclusive end offset in the exported text.</param>
/// <param name="SectionPath">The chunk's section path (headings joined by " > ").</param>
/// <param name="Citation">The chunk's citation id (<c>documentId:ordinal</c>).</param>
public readonly record struct TextPiece(int Start, int End, string SectionPath, string Citation);
