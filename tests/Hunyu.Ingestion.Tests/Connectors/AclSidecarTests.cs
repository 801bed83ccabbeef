using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Connectors;
using Hunyu.Ingestion.Tests.Parsing;

namespace Hunyu.Ingestion.Tests.Connectors;

/// <summary>A folder's <c>.hunyu-acl.json</c> gives its files and the folders below their ACL; a broken one fails closed.</summary>
public sealed class AclSidecarTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public void Enumerate_Sidecars_ApplyToTheirFolderAndBelowTheNearestWinning()
    {
        _folder.Write("open.txt", "公开");
        _folder.Write("hr/" + AclSidecar.FileName, """{"allow": ["group:hr"], "deny": ["user:eve"]}""");
        _folder.Write("hr/salary.txt", "薪酬");
        _folder.Write("hr/2024/bonus.txt", "奖金");
        _folder.Write("hr/board/" + AclSidecar.FileName, """{"allow": ["group:board"]}""");
        _folder.Write("hr/board/plan.txt", "规划");

        var files = Enumerate().ToDictionary(f => f.Key, f => f.Acl);

        Assert.Equal(["open.txt", "hr/salary.txt", "hr/2024/bonus.txt", "hr/board/plan.txt"], files.Keys);
        Assert.Null(files["open.txt"]);
        Assert.Equal(new Acl(["group:hr"], ["user:eve"]), files["hr/salary.txt"]);
        Assert.Equal(new Acl(["group:hr"], ["user:eve"]), files["hr/2024/bonus.txt"]);
        Assert.Equal(new Acl(["group:board"], []), files["hr/board/plan.txt"]);
    }

    [Theory]
    [InlineData("""{"allow": ["hr"]}""", "ACL entry 'hr'")]
    [InlineData("""{"allow": "group:hr"}""", "\"allow\" must be an array of strings")]
    [InlineData("""["group:hr"]""", "must be a JSON object")]
    [InlineData("""{"allow": [""", "is not valid JSON")]
    public void Enumerate_BrokenSidecar_ItsFilesAreRefusedNotWidened(string sidecar, string reason)
    {
        _folder.Write("hr/" + AclSidecar.FileName, sidecar);
        _folder.Write("hr/salary.txt", "薪酬");
        _folder.Write("hr/2024/bonus.txt", "奖金");

        var files = Enumerate().ToList();

        var broken = Assert.Single(files, f => f.Key == "hr/" + AclSidecar.FileName);
        Assert.Contains(reason, broken.Problem!.Message, StringComparison.Ordinal);
        var guarded = files.Where(f => f.Key.EndsWith(".txt", StringComparison.Ordinal)).ToList();

        // Both files are listed, each refused: leaving them out would hide them from the run's report.
        Assert.Equal(["hr/salary.txt", "hr/2024/bonus.txt"], guarded.Select(f => f.Key));
        Assert.All(guarded, f =>
        {
            Assert.Equal(ErrorCode.InvalidArgument, f.Problem!.Error);
            Assert.Contains("its folder's ACL file is invalid", f.Problem.Message, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Enumerate_SingleFile_TakesTheSidecarBesideIt()
    {
        _folder.Write(AclSidecar.FileName, """{"allow": ["user:bob"]}""");
        var path = _folder.Write("note.txt", "便签");

        var file = Assert.Single(new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(path));

        Assert.Equal(new Acl(["user:bob"], []), file.Acl);
    }

    private IEnumerable<SourceFile> Enumerate() => new FileSystemConnector(new FileSystemConnectorOptions()).Enumerate(_folder.FullPath);
}
