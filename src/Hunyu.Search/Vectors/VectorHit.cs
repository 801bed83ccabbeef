namespace Hunyu.Search.Vectors;

/// <summary>One nearest chunk of a vector search.</summary>
/// <param name="ChunkId">The chunk's citation id (<c>documentId:ordinal</c>).</param>
/// <param name="DocumentId">The document the chunk belongs to.</param>
/// <param name="Score">Cosine similarity to the query, -1 to 1 (approximate with <see cref="VectorEncoding.Int8"/>).</param>
public sealed record VectorHit(string ChunkId, string DocumentId, float Score);
