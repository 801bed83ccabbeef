namespace Hunyu.Hosting.Sources;

/// <summary>A folder (read recursively) or one file; see <c>hunyu ingest</c>.</summary>
public sealed record FileSourceSettings
{
    /// <summary>The folder or file; stored as an absolute path.</summary>
    public string Path { get; init; } = string.Empty;

    /// <summary>Glob patterns of files to read; none means every supported format.</summary>
    public IReadOnlyList<string> Include { get; init; } = [];

    /// <summary>Glob patterns of files to skip; none means the defaults (hidden folders, <c>node_modules</c>, <c>bin</c>, <c>obj</c>).</summary>
    public IReadOnlyList<string> Exclude { get; init; } = [];
}
