namespace Hunyu.Search.Vectors;

/// <summary>
/// Which chunks a vector search may consider. The store applies it before ranking, so the top k are the k nearest
/// chunks the caller may see, never fewer because forbidden ones were nearer.
/// </summary>
/// <remarks>
/// SECURITY: the store knows no ACLs. The caller evaluates the principal's access (in Lucene, with the same
/// <c>AccessFilter</c> as full-text search) and passes the permitted documents or chunks here; only admins pass
/// <see cref="Everything"/>.
/// </remarks>
public sealed class VectorFilter
{
    private VectorFilter(VectorFilterKind kind, IReadOnlySet<string>? ids, Func<string, string, bool>? predicate)
    {
        Kind = kind;
        Ids = ids;
        Predicate = predicate;
    }

    /// <summary>Every chunk of the domain: for principals that may see all of it (admins).</summary>
    public static VectorFilter Everything { get; } = new(VectorFilterKind.Everything, null, null);

    /// <summary>Only the chunks of these documents (the usual ACL result: access is granted per document). Cost grows with the set, not the store.</summary>
    public static VectorFilter DocumentIds(IReadOnlySet<string> documentIds)
    {
        ArgumentNullException.ThrowIfNull(documentIds);
        return new(VectorFilterKind.Documents, documentIds, null);
    }

    /// <summary>Only these chunks (citation ids). Cost grows with the set, not the store.</summary>
    public static VectorFilter ChunkIds(IReadOnlySet<string> chunkIds)
    {
        ArgumentNullException.ThrowIfNull(chunkIds);
        return new(VectorFilterKind.Chunks, chunkIds, null);
    }

    /// <summary>Only chunks for which <paramref name="predicate"/>(chunkId, documentId) is true; called once per stored vector.</summary>
    /// <remarks>The predicate runs under the store's read lock: keep it fast and never call back into the store.</remarks>
    public static VectorFilter Where(Func<string, string, bool> predicate)
    {
        ArgumentNullException.ThrowIfNull(predicate);
        return new(VectorFilterKind.Predicate, null, predicate);
    }

    internal VectorFilterKind Kind { get; }

    internal IReadOnlySet<string>? Ids { get; }

    internal Func<string, string, bool>? Predicate { get; }
}

/// <summary>The kinds of <see cref="VectorFilter"/>.</summary>
internal enum VectorFilterKind
{
    Everything,
    Documents,
    Chunks,
    Predicate,
}
