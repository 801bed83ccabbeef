using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;

namespace Hunyu.Core.Catalog;

/// <summary>
/// The write side of one domain's search index. Changes become visible and durable together at
/// <see cref="CommitAsync"/>; a crash before it loses only the uncommitted changes.
/// </summary>
public interface IChunkIndex
{
    /// <summary>Replaces every chunk of the document with <paramref name="chunks"/> (atomically at commit).</summary>
    void Replace(Document document, IReadOnlyList<Chunk> chunks);

    /// <summary>Removes every chunk of the document.</summary>
    void Delete(string documentId);

    /// <summary>Changes who may see every chunk of the document (at commit), without indexing its text again.</summary>
    void SetAccess(string documentId, Acl effective);

    /// <summary>Makes all changes since the last commit durable and searchable.</summary>
    Task CommitAsync(CancellationToken cancellationToken = default);

    /// <summary>Drops every change since the last commit (after a failed or cancelled run).</summary>
    void DiscardUncommitted();

    /// <summary>Ids of the committed documents of a source, to find ones the catalog never recorded (after a crash).</summary>
    IReadOnlySet<string> DocumentIdsOf(string sourceId);

    /// <summary>Compacts the index after a bulk change so queries touch fewer files; commits. May take seconds.</summary>
    Task CompactAsync(CancellationToken cancellationToken = default);
}
