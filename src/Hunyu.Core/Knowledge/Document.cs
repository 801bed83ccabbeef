using Hunyu.Core.Security;

namespace Hunyu.Core.Knowledge;

/// <summary>One ingested document (a file, or one record of a record file) and its provenance.</summary>
/// <param name="Id">Stable id: the same source and key always give the same id.</param>
/// <param name="SourceId">The source it came from.</param>
/// <param name="Domain">The domain it belongs to.</param>
/// <param name="Key">Its key within the source: a relative path, or <c>path#record</c> for records.</param>
/// <param name="Title">Display title.</param>
/// <param name="Uri">Where a reader can open the original.</param>
/// <param name="ContentHash">SHA-256 (hex) of the normalised content; unchanged hash means nothing to re-index.</param>
/// <param name="Version">Increments each time the content changes.</param>
/// <param name="CreatedAt">First ingested.</param>
/// <param name="UpdatedAt">Last changed.</param>
/// <param name="Metadata">Free key/value metadata (format, author, record fields); filterable in search.</param>
/// <param name="Acl">Who may see it.</param>
public sealed record Document(
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
    Acl Acl);
