namespace Hunyu.Search.Vectors;

/// <summary>The vector of one chunk, to store.</summary>
/// <param name="ChunkId">The chunk's citation id (<c>documentId:ordinal</c>).</param>
/// <param name="Vector">Its embedding; stored normalised to unit length.</param>
public sealed record VectorEntry(string ChunkId, ReadOnlyMemory<float> Vector);
