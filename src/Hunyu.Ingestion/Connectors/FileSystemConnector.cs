using System.Security;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Parsing;
using Microsoft.Extensions.FileSystemGlobbing;

namespace Hunyu.Ingestion.Connectors;

/// <summary>Lists the files under a folder (or a single file) to ingest, in a deterministic order, reporting what it cannot take.</summary>
/// <remarks>
/// <para>
/// Order: within each folder, its files by ordinal name, then its subfolders by ordinal name, depth first. Files that
/// match <see cref="FileSystemConnectorOptions.Include"/> and no <see cref="FileSystemConnectorOptions.Exclude"/> are
/// yielded; excluded folders are not entered. Nothing is dropped silently: files over
/// <see cref="FileSystemConnectorOptions.MaxFileBytes"/>, folders that cannot be listed and symbolic links not followed
/// are yielded with a <see cref="SourceFile.Problem"/>.
/// </para>
/// <para>
/// SECURITY: links are not followed by default; when they are, only to targets inside the root (by real path), and
/// each real folder is entered once, so links cannot lead outside the root or loop.
/// </para>
/// <para>
/// A folder's <see cref="AclSidecar.FileName"/> gives its files and the folders below their ACL (see <see cref="AclSidecar"/>);
/// the sidecar itself is never ingested.
/// </para>
/// <para>Thread-safe: each enumeration is independent.</para>
/// </remarks>
public sealed class FileSystemConnector
{
    // Folders are tested against the exclude patterns as if they held a file of this name, so "**/bin/**" prunes "bin".
    private const string FolderProbe = "\u0001probe";

    private const string MaxFileBytesPath = FileSystemConnectorOptions.Section + ":" + nameof(FileSystemConnectorOptions.MaxFileBytes);

    private static readonly StringComparison PathComparison = OperatingSystem.IsWindows() || OperatingSystem.IsMacOS()
        ? StringComparison.OrdinalIgnoreCase
        : StringComparison.Ordinal;

    private readonly FileSystemConnectorOptions _options;
    private readonly Matcher _files;
    private readonly Matcher _folders;

    /// <summary>Creates a connector with the given options.</summary>
    /// <exception cref="ArgumentException">No include pattern, or a size limit that is not positive.</exception>
    public FileSystemConnector(FileSystemConnectorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.MaxFileBytes);
        if (options.Include is not { Count: > 0 })
        {
            throw new ArgumentException($"{FileSystemConnectorOptions.Section}:{nameof(options.Include)} needs at least one glob pattern, e.g. \"**/*.pdf\"", nameof(options));
        }

        _options = options;
        _files = new Matcher(StringComparison.OrdinalIgnoreCase);
        _files.AddIncludePatterns(options.Include);
        _files.AddExcludePatterns(options.Exclude ?? []);
        _folders = new Matcher(StringComparison.OrdinalIgnoreCase);
        _folders.AddInclude("**/*");
        _folders.AddExcludePatterns(options.Exclude ?? []);
    }

    /// <summary>Lists <paramref name="path"/>: the file itself, or the files under the folder.</summary>
    /// <param name="path">A file or folder, absolute or relative to the current directory.</param>
    /// <returns>Files lazily, in a deterministic order; entries with a <see cref="SourceFile.Problem"/> are to be reported, not read.</returns>
    /// <exception cref="HunyuException"><c>path_not_found</c> when <paramref name="path"/> does not exist.</exception>
    public IEnumerable<SourceFile> Enumerate(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var fullPath = Path.GetFullPath(path);
        if (File.Exists(fullPath))
        {
            var file = new FileInfo(fullPath);
            var sidecar = Path.Combine(file.DirectoryName!, AclSidecar.FileName);
            return [Guard(Describe(file, file.Name, file), File.Exists(sidecar) ? AclSidecar.Read(sidecar, AclSidecar.FileName) : default)];
        }

        if (!Directory.Exists(fullPath))
        {
            throw new HunyuException(ErrorCode.PathNotFound, $"{path}: no such file or directory");
        }

        return Walk(new DirectoryInfo(fullPath));
    }

    private IEnumerable<SourceFile> Walk(DirectoryInfo root)
    {
        var rootReal = RealPath(root);
        var visited = new HashSet<string>(PathComparison == StringComparison.Ordinal ? StringComparer.Ordinal : StringComparer.OrdinalIgnoreCase) { rootReal };
        var pending = new Stack<(DirectoryInfo Folder, string Key, (Acl? Acl, SourceProblem? Problem) Access)>();
        pending.Push((root, string.Empty, default));

        while (pending.Count > 0)
        {
            var (folder, folderKey, access) = pending.Pop();
            List<FileSystemInfo> entries;
            SourceProblem? listingProblem = null;
            try
            {
                entries = [.. folder.EnumerateFileSystemInfos().OrderBy(entry => entry.Name, StringComparer.Ordinal)];
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or SecurityException)
            {
                entries = [];
                var reason = ex is UnauthorizedAccessException ? "permission denied" : ParserErrors.OneLine(ex.Message);
                listingProblem = new SourceProblem(ErrorCode.PathNotFound, $"{DisplayKey(folderKey)}: folder cannot be read: {reason}");
            }

            if (listingProblem is not null)
            {
                yield return new SourceFile(folder.FullName, DisplayKey(folderKey) + "/", 0, DateTimeOffset.MinValue) { Problem = listingProblem };
                continue;
            }

            if (entries.Find(e => e is FileInfo && e.Name == AclSidecar.FileName) is { } sidecar)
            {
                var sidecarKey = folderKey.Length == 0 ? sidecar.Name : folderKey + "/" + sidecar.Name;
                access = AclSidecar.Read(sidecar.FullName, sidecarKey);
                if (access.Problem is not null)
                {
                    yield return new SourceFile(sidecar.FullName, sidecarKey, 0, DateTimeOffset.MinValue) { Problem = access.Problem };
                }
            }

            var subfolders = new List<(DirectoryInfo Folder, string Key)>();
            foreach (var entry in entries)
            {
                var key = folderKey.Length == 0 ? entry.Name : folderKey + "/" + entry.Name;
                if (entry.Name == AclSidecar.FileName)
                {
                    continue;
                }

                if (entry is DirectoryInfo directory)
                {
                    if (!_folders.Match(key + "/" + FolderProbe).HasMatches)
                    {
                        continue;
                    }

                    if (entry.LinkTarget is null)
                    {
                        subfolders.Add((directory, key));
                        continue;
                    }

                    var (target, problem) = FollowLink(directory, key, rootReal);
                    if (problem is not null)
                    {
                        yield return new SourceFile(directory.FullName, key + "/", 0, DateTimeOffset.MinValue) { Problem = problem };
                    }
                    else if (target is DirectoryInfo targetFolder && visited.Add(RealPath(targetFolder)))
                    {
                        subfolders.Add((directory, key));
                    }

                    continue;
                }

                if (entry is not FileInfo file || !_files.Match(key).HasMatches)
                {
                    continue;
                }

                if (file.LinkTarget is null)
                {
                    yield return Guard(Describe(file, key, file), access);
                    continue;
                }

                var (linked, linkProblem) = FollowLink(file, key, rootReal);
                yield return linkProblem is not null || linked is not FileInfo linkedFile
                    ? new SourceFile(file.FullName, key, 0, DateTimeOffset.MinValue) { Problem = linkProblem ?? new SourceProblem(ErrorCode.PathNotFound, $"{key}: link target is not a file") }
                    : Guard(Describe(file, key, linkedFile), access);
            }

            for (var i = subfolders.Count - 1; i >= 0; i--)
            {
                pending.Push((subfolders[i].Folder, subfolders[i].Key, access));
            }
        }
    }

    private (FileSystemInfo? Target, SourceProblem? Problem) FollowLink(FileSystemInfo link, string key, string rootReal)
    {
        if (!_options.FollowSymlinks)
        {
            return (null, new SourceProblem(ErrorCode.InvalidArgument, $"{key}: symbolic link not followed ({FileSystemConnectorOptions.Section}:{nameof(FileSystemConnectorOptions.FollowSymlinks)} is false)"));
        }

        FileSystemInfo? target;
        try
        {
            target = link.ResolveLinkTarget(returnFinalTarget: true);
        }
        catch (IOException ex)
        {
            return (null, new SourceProblem(ErrorCode.PathNotFound, $"{key}: symbolic link cannot be resolved: {ParserErrors.OneLine(ex.Message)}"));
        }

        if (target is null || !target.Exists)
        {
            return (null, new SourceProblem(ErrorCode.PathNotFound, $"{key}: symbolic link points to nothing"));
        }

        var real = RealPath(target);
        if (!IsInside(real, rootReal))
        {
            return (null, new SourceProblem(ErrorCode.InvalidArgument, $"{key}: symbolic link points outside the root; not followed"));
        }

        return (target, null);
    }

    private SourceFile Describe(FileInfo entry, string key, FileInfo data)
    {
        long length;
        DateTimeOffset written;
        try
        {
            length = data.Length;
            written = new DateTimeOffset(data.LastWriteTimeUtc, TimeSpan.Zero);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new SourceFile(entry.FullName, key, 0, DateTimeOffset.MinValue)
            {
                Problem = new SourceProblem(ErrorCode.PathNotFound, $"{key}: cannot be read: {ParserErrors.OneLine(ex.Message)}"),
            };
        }

        var file = new SourceFile(entry.FullName, key, length, written);
        return length <= _options.MaxFileBytes
            ? file
            : file with { Problem = new SourceProblem(ErrorCode.TooLarge, $"{key} is {ByteSize.Format(length)}; limit is {ByteSize.Format(_options.MaxFileBytes)} ({MaxFileBytesPath})") };
    }

    /// <summary>The file with its folder's ACL, or, when the folder's sidecar is broken, refused (fail closed).</summary>
    private static SourceFile Guard(SourceFile file, (Acl? Acl, SourceProblem? Problem) access) =>
        file.Problem is not null ? file
        : access.Problem is { } broken ? file with { Problem = AclSidecar.Guarding(file.Key, broken) }
        : file with { Acl = access.Acl };

    private static string RealPath(FileSystemInfo info)
    {
        // Resolve every link along the path, not only the last one: a parent folder may itself be a link.
        var path = Path.TrimEndingDirectorySeparator(info.FullName);
        var parts = new Stack<string>();
        var current = path;
        for (var guard = 0; guard < 256 && !string.IsNullOrEmpty(current); guard++)
        {
            FileSystemInfo probe = Directory.Exists(current) ? new DirectoryInfo(current) : new FileInfo(current);
            if (probe.LinkTarget is not null && probe.ResolveLinkTarget(returnFinalTarget: true) is { } resolved)
            {
                current = Path.TrimEndingDirectorySeparator(resolved.FullName);
                continue;
            }

            var parent = Path.GetDirectoryName(current);
            if (parent is null)
            {
                break;
            }

            parts.Push(Path.GetFileName(current));
            current = parent;
        }

        return parts.Aggregate(current, Path.Combine);
    }

    private static bool IsInside(string path, string root) =>
        string.Equals(path, root, PathComparison)
        || path.StartsWith(Path.EndsInDirectorySeparator(root) ? root : root + Path.DirectorySeparatorChar, PathComparison);

    private static string DisplayKey(string key) => key.Length == 0 ? "." : key;
}
