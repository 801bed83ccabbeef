using System.Diagnostics.CodeAnalysis;

namespace Hunyu.Search.Vectors;

/// <summary>How a vector store keeps vectors in memory. The file always holds float32, so the encoding can change on reopen without re-embedding.</summary>
[SuppressMessage("Naming", "CA1720:Identifier contains type name", Justification = "The members are named after the number formats they store, as configured (Hunyu:Vectors:Encoding).")]
public enum VectorEncoding
{
    /// <summary>Exact: 4 bytes per dimension.</summary>
    Float32,

    /// <summary>Approximate: 1 byte per dimension plus one float scale per vector (symmetric, per-vector absmax).</summary>
    Int8,
}
