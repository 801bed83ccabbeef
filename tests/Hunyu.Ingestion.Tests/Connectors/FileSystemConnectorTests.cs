using System.Runtime.Versioning;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Connectors;
using Hunyu.Ingestion.Tests.Parsing;

namespace Hunyu.Ingestion.Tests.Connectors;

public sealed class FileSystemConnectorTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Enumerate_Folder_YieldsIncludedFilesInDeterministicOrder()
    {
        _folder.Write("b.md", "# 乙");
        _folder.Write("a.txt", "甲");
        _folder.Write("Z.PDF", "%PDF-1.7");
        _folder.Write("photo.png", [0x89, 0x50]);
        _folder.Write("docs/2024/报告.docx", "x");
        _folder.Write("docs/readme.md", "x");
        _folder.Write("archive/old.txt", "x");
        _folder.Write(".git/config.txt", "x");
        _folder.Write("src/node_modules/pkg/readme.md", "x");
        _folder.Write("app/bin/Debug/out.txt", "x");
        _folder.Write("app/obj/cache.json", "x");
        _folder.Write("app/notes.md", "x");

        var keys = new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(_folder.FullPath).Select(file => file.Key).ToList();

        Assert.Equal(["Z.PDF", "a.txt", "b.md", "app/notes.md", "archive/old.txt", "docs/readme.md", "docs/2024/报告.docx"], keys);
    }

    [Fact]
    public void Enumerate_File_ReportsFullPathLengthAndTime()
    {
        var path = _folder.Write("sub/政策.txt", "年假五天");
        var written = new DateTime(2024, 5, 1, 8, 30, 0, DateTimeKind.Utc);
        File.SetLastWriteTimeUtc(path, written);

        var file = Assert.Single(new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(_folder.FullPath));

        Assert.Equal(path, file.FullPath);
        Assert.Equal("sub/政策.txt", file.Key);
        Assert.Equal(12, file.Length);
        Assert.Equal(new DateTimeOffset(written), file.LastWriteTimeUtc);
        Assert.Null(file.Problem);
    }

    [Fact]
    public void Enumerate_SingleFilePath_KeyIsFileName()
    {
        var path = _folder.Write("deep/inside/notes.xyz", "任意");

        var file = Assert.Single(new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(path));

        Assert.Equal("notes.xyz", file.Key);
        Assert.Equal(path, file.FullPath);
    }

    [Fact]
    public void Enumerate_MissingPath_ThrowsPathNotFound()
    {
        var missing = Path.Combine(_folder.FullPath, "nope");

        var ex = Assert.Throws<HunyuException>(() => new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(missing));

        Assert.Equal(ErrorCode.PathNotFound, ex.Error);
        Assert.Equal($"{missing}: no such file or directory", ex.Message);
    }

    [Fact]
    public void Enumerate_FileOverLimit_IsYieldedWithTooLargeProblem()
    {
        _folder.Write("small.txt", new byte[100]);
        _folder.Write("big.pdf", new byte[3 * 1024 * 1024]);
        var connector = new FileSystemConnector(new FileSystemConnectorOptions { MaxFileBytes = 1024 * 1024 });

        var files = connector.Enumerate(_folder.FullPath).ToList();

        var big = Assert.Single(files, file => file.Key == "big.pdf");
        Assert.Equal(ErrorCode.TooLarge, big.Problem!.Error);
        Assert.Equal("big.pdf is 3 MB; limit is 1 MB (Hunyu:Ingestion:MaxFileBytes)", big.Problem.Message);
        Assert.Null(Assert.Single(files, file => file.Key == "small.txt").Problem);
    }

    [Fact]
    public void Enumerate_CustomIncludeAndExclude_AreApplied()
    {
        _folder.Write("a.md", "x");
        _folder.Write("a.txt", "x");
        _folder.Write("drafts/b.md", "x");
        _folder.Write("final/c.md", "x");
        var options = new FileSystemConnectorOptions { Include = ["**/*.md"], Exclude = ["drafts/**"] };

        var keys = new FileSystemConnector(options).Enumerate(_folder.FullPath).Select(file => file.Key);

        Assert.Equal(["a.md", "final/c.md"], keys);
    }

    [Fact]
    public void Enumerate_SymlinkByDefault_IsReportedNotFollowed()
    {
        using var outside = new TempFolder();
        outside.Write("secret.txt", "机密");
        _folder.Write("inside.txt", "公开");
        if (!TryCreateLink(Path.Combine(_folder.FullPath, "linked"), outside.FullPath, directory: true))
        {
            Assert.Skip("this machine does not allow creating symbolic links");
        }

        var files = new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(_folder.FullPath).ToList();

        Assert.DoesNotContain(files, file => file.FullPath.EndsWith("secret.txt", StringComparison.Ordinal));
        var link = Assert.Single(files, file => file.Problem is not null);
        Assert.Equal("linked/", link.Key);
        Assert.Equal(ErrorCode.InvalidArgument, link.Problem!.Error);
        Assert.Equal("linked: symbolic link not followed (Hunyu:Ingestion:FollowSymlinks is false)", link.Problem.Message);
    }

    [Fact]
    public void Enumerate_FollowSymlinks_FollowsInsideRootButNeverOutside()
    {
        using var outside = new TempFolder();
        outside.Write("secret.txt", "机密");
        var real = _folder.Write("real/doc.txt", "正文");
        if (!TryCreateLink(Path.Combine(_folder.FullPath, "alias"), Path.GetDirectoryName(real)!, directory: true)
            || !TryCreateLink(Path.Combine(_folder.FullPath, "escape"), outside.FullPath, directory: true)
            || !TryCreateLink(Path.Combine(_folder.FullPath, "escape.txt"), Path.Combine(outside.FullPath, "secret.txt"), directory: false))
        {
            Assert.Skip("this machine does not allow creating symbolic links");
        }

        var files = new FileSystemConnector(new FileSystemConnectorOptions { FollowSymlinks = true }).Enumerate(_folder.FullPath).ToList();

        Assert.DoesNotContain(files, file => file.Problem is null && file.Key.StartsWith("escape", StringComparison.Ordinal));
        Assert.Equal(["escape/", "escape.txt"], files.Where(file => file.Problem is not null).Select(file => file.Key));
        Assert.All(files.Where(file => file.Problem is not null), file => Assert.Contains("points outside the root", file.Problem!.Message, StringComparison.Ordinal));
        Assert.Equal(["alias/doc.txt", "real/doc.txt"], files.Where(file => file.Problem is null).Select(file => file.Key).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Enumerate_UnreadableFolder_IsReportedAndOthersContinue()
    {
        if (OperatingSystem.IsWindows())
        {
            Assert.Skip("folder permissions are set with Unix file modes here");
        }
        else
        {
            UnreadableFolderCase();
        }
    }

    [UnsupportedOSPlatform("windows")]
    private void UnreadableFolderCase()
    {
        _folder.Write("a.txt", "甲");
        _folder.Write("locked/b.txt", "乙");
        _folder.Write("z/c.txt", "丙");
        var locked = Path.Combine(_folder.FullPath, "locked");
        File.SetUnixFileMode(locked, UnixFileMode.None);
        try
        {
            try
            {
                _ = Directory.EnumerateFileSystemEntries(locked).ToList();
                Assert.Skip("running with privileges that ignore folder permissions (root)");
            }
            catch (UnauthorizedAccessException)
            {
            }

            var files = new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(_folder.FullPath).ToList();

            Assert.Equal(["a.txt", "locked/", "z/c.txt"], files.Select(file => file.Key));
            var problem = files[1].Problem!;
            Assert.Equal(ErrorCode.PathNotFound, problem.Error);
            Assert.Equal("locked: folder cannot be read: permission denied", problem.Message);
        }
        finally
        {
            File.SetUnixFileMode(locked, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    [Fact]
    public void Constructor_NoIncludePatterns_Throws()
    {
        var ex = Assert.Throws<ArgumentException>(() => new FileSystemConnector(new FileSystemConnectorOptions { Include = [] }));

        Assert.Contains("Hunyu:Ingestion:Include", ex.Message, StringComparison.Ordinal);
    }

    private static bool TryCreateLink(string path, string target, bool directory)
    {
        try
        {
            if (directory)
            {
                Directory.CreateSymbolicLink(path, target);
            }
            else
            {
                File.CreateSymbolicLink(path, target);
            }

            return true;
        }
        catch (Exception ex) when (ex is UnauthorizedAccessException or IOException or PlatformNotSupportedException)
        {
            return false;
        }
    }
}
