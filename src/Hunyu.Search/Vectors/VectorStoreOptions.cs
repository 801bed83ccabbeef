namespace Hunyu.Search.Vectors;

/// <summary>Settings of the per-domain vector stores.</summary>
public sealed class VectorStoreOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Vectors";

    /// <summary>Default smallest file that is compacted (16 MB).</summary>
    public const long DefaultCompactionMinBytes = 16L << 20;

    /// <summary>How vectors are kept in memory.</summary>
    /// <value>The default is <see cref="VectorEncoding.Float32"/>.</value>
    public VectorEncoding Encoding { get; set; } = VectorEncoding.Float32;

    /// <summary>
    /// A commit rewrites the file without replaced and deleted vectors once it is at least this large and more than
    /// half of it is dead; 0 compacts whenever half is dead.
    /// </summary>
    /// <value>The default is 16 MB.</value>
    public long CompactionMinBytes { get; set; } = DefaultCompactionMinBytes;
}
