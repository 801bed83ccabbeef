namespace Hunyu.Search.Vectors;

/// <summary>A change accepted by a store and not yet committed; <paramref name="Vectors"/> holds unit vectors back to back.</summary>
internal sealed record PendingOperation(byte Kind, string DocumentId, string[] ChunkIds, float[] Vectors);
