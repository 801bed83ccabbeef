using Hunyu.Core.Answers;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A numbered source of an answer.</summary>
/// <param name="Number">The <c>[n]</c> used in the answer.</param>
/// <param name="CitationId">Stable id of the cited passage.</param>
/// <param name="DocumentId">The cited document.</param>
/// <param name="Title">The document title.</param>
/// <param name="Uri">Where to open the original.</param>
/// <param name="SectionPath">Headings above the passage.</param>
/// <param name="Page">1-based page for paged formats.</param>
/// <param name="Quote">The supporting text.</param>
public sealed record CitationResponse(int Number, string CitationId, string DocumentId, string Title, string Uri, string SectionPath, int? Page, string Quote)
{
    /// <summary>The response form of <paramref name="citation"/>.</summary>
    public static CitationResponse From(Citation citation)
    {
        ArgumentNullException.ThrowIfNull(citation);
        return new(citation.Number, citation.CitationId, citation.DocumentId, citation.Title, citation.Uri, citation.SectionPath, citation.Page, citation.Quote);
    }
}
