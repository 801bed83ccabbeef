namespace Hunyu.Core.Answers;

/// <summary>A numbered reference from an answer to the passage that supports it.</summary>
/// <param name="Number">The <c>[n]</c> used in the answer text.</param>
/// <param name="CitationId">Stable id of the cited passage.</param>
/// <param name="DocumentId">The cited document.</param>
/// <param name="Title">Document title.</param>
/// <param name="Uri">Where to open the original.</param>
/// <param name="SectionPath">Headings above the passage.</param>
/// <param name="Page">1-based page, when the format has pages.</param>
/// <param name="Quote">The supporting text from the passage.</param>
public sealed record Citation(int Number, string CitationId, string DocumentId, string Title, string Uri, string SectionPath, int? Page, string Quote);
