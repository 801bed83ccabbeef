using System.Text.Json.Serialization;
using Hunyu.Core.Search;

namespace Hunyu.Server.Api.Contracts;

/// <summary>One retrieved passage.</summary>
/// <param name="Rank">1-based rank.</param>
/// <param name="Score">Relevance score, comparable within one result list.</param>
/// <param name="CitationId">Stable id of the passage (<c>documentId:ordinal</c>).</param>
/// <param name="DocumentId">The document id.</param>
/// <param name="DocumentKey">The document key within its source.</param>
/// <param name="ChunkOrdinal">The passage's position in its document, from 0.</param>
/// <param name="Domain">The domain.</param>
/// <param name="SourceId">The source id.</param>
/// <param name="Title">The document title.</param>
/// <param name="Uri">Where to open the original.</param>
/// <param name="SectionPath">Headings above the passage, joined by " > ".</param>
/// <param name="Page">1-based page for paged formats.</param>
/// <param name="Snippet">A short extract with query terms in <c>&lt;em&gt;</c> (HTML-escaped otherwise).</param>
/// <param name="Text">The full passage text.</param>
/// <param name="StartOffset">Start of the passage in the document's extracted text.</param>
/// <param name="EndOffset">Exclusive end of the passage.</param>
/// <param name="Fields">The document's structured fields (a SQL row's columns, a record's other fields).</param>
/// <param name="Explanation">Why it ranked; only when asked for.</param>
/// <param name="Flags">What answer-time screening found (<c>prompt_injection</c> and its reasons); administrators only, absent otherwise.</param>
public sealed record HitResponse(
    int Rank,
    double Score,
    string CitationId,
    string DocumentId,
    string DocumentKey,
    int ChunkOrdinal,
    string Domain,
    string SourceId,
    string Title,
    string Uri,
    string SectionPath,
    int? Page,
    string Snippet,
    string Text,
    int StartOffset,
    int EndOffset,
    IReadOnlyDictionary<string, string> Fields,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Explanation,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] IReadOnlyList<string>? Flags = null)
{
    /// <summary>The response form of <paramref name="hit"/>.</summary>
    public static HitResponse From(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        return new(hit.Rank, hit.Score, hit.CitationId, hit.DocumentId, hit.DocumentKey, hit.ChunkOrdinal, hit.Domain, hit.SourceId, hit.Title, hit.Uri, hit.SectionPath, hit.Page, hit.Snippet, hit.Text, hit.StartOffset, hit.EndOffset, hit.Fields, hit.Explanation, hit.Flags.Count > 0 ? hit.Flags : null);
    }
}
