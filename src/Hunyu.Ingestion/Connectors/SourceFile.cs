namespace Hunyu.Ingestion.Connectors;

/// <summary>A file found by a connector, or an entry it could not take (see <see cref="Problem"/>).</summary>
/// <param name="FullPath">The absolute path to read.</param>
/// <param name="Key">The path relative to the root with '/' separators (the file name when the root is a single file); stable across runs.</param>
/// <param name="Length">The size in bytes (0 for a directory that could not be read).</param>
/// <param name="LastWriteTimeUtc">When the file was last written.</param>
public sealed record SourceFile(string FullPath, string Key, long Length, DateTimeOffset LastWriteTimeUtc)
{
    /// <summary>Why this entry is not to be read (too large, unreadable, a link not followed); null for a file to read.</summary>
    public SourceProblem? Problem { get; init; }

    /// <summary>The ACL its folder's <see cref="AclSidecar"/> gives it; null when no sidecar applies.</summary>
    public Core.Security.Acl? Acl { get; init; }
}
