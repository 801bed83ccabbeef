using Hunyu.Core.Knowledge;

namespace Hunyu.Server.Api.Contracts;

/// <summary>One ingested document and its provenance.</summary>
/// <param name="Id">Stable document id.</param>
/// <param name="SourceId">The source it came from.</param>
/// <param name="Domain">The domain it belongs to.</param>
/// <param name="Key">Its key within the source: a relative path, or <c>path#record</c>.</param>
/// <param name="Title">Display title.</param>
/// <param name="Uri">Where to open the original.</param>
/// <param name="ContentHash">SHA-256 (hex) of the indexed content.</param>
/// <param name="Version">Increments each time the content changes.</param>
/// <param name="CreatedAt">First ingested.</param>
/// <param name="UpdatedAt">Last changed.</param>
/// <param name="Metadata">Free key/value metadata; filterable in search.</param>
/// <param name="Acl">Who may see it.</param>
public sealed record DocumentResponse(
    string Id,
    string SourceId,
    string Domain,
    string Key,
    string Title,
    string Uri,
    string ContentHash,
    int Version,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    IReadOnlyDictionary<string, string> Metadata,
    AclResponse Acl)
{
    /// <summary>The response form of <paramref name="document"/>.</summary>
    public static DocumentResponse From(Document document)
    {
        ArgumentNullException.ThrowIfNull(document);
        return new(
            document.Id,
            document.SourceId,
            document.Domain,
            document.Key,
            document.Title,
            document.Uri,
            document.ContentHash,
            document.Version,
            document.CreatedAt,
            document.UpdatedAt,
            document.Metadata,
            AclResponse.From(document.Acl));
    }
}
