using System.ComponentModel.DataAnnotations;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors;

/// <summary>What <see cref="FileSystemConnector"/> reads from a folder.</summary>
public sealed class FileSystemConnectorOptions
{
    /// <summary>The configuration section these options bind to.</summary>
    public const string Section = "Hunyu:Ingestion";

    /// <summary>Glob patterns (relative to the root, '/' separators, case-insensitive) of files to read.</summary>
    /// <value>The default is every extension of <see cref="ParserRegistry.CreateDefault"/>, e.g. <c>**/*.pdf</c>.</value>
    [Required]
    [MinLength(1)]
    public IList<string> Include { get; set; } = [.. ParserRegistry.CreateDefault().SupportedExtensions.Select(extension => "**/*" + extension)];

    /// <summary>Glob patterns of files and folders to leave out; a folder that matches is not entered at all.</summary>
    /// <value>The default leaves out hidden folders (<c>.git</c>, <c>.vs</c>, …), <c>node_modules</c>, <c>bin</c> and <c>obj</c>.</value>
    public IList<string> Exclude { get; set; } = ["**/.*/**", "**/node_modules/**", "**/bin/**", "**/obj/**"];

    /// <summary>Files larger than this are reported as too large instead of being read.</summary>
    /// <value>The default is <see cref="IngestionLimits.DefaultMaxFileBytes"/> (100 MB).</value>
    [Range(1, long.MaxValue)]
    public long MaxFileBytes { get; set; } = IngestionLimits.DefaultMaxFileBytes;

    /// <summary>True to follow symbolic links, though only to targets inside the root; when false, links are reported and skipped.</summary>
    /// <value>The default is false.</value>
    public bool FollowSymlinks { get; set; }
}
