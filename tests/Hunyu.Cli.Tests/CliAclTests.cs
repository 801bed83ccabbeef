namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu acl show|set|clear</c>: administrators' rules, inherited by documents, recorded in the audit log.</summary>
public sealed class CliAclTests
{
    [Fact]
    public async Task Acl_SetShowClear_DocumentsInheritTheDomainRule()
    {
        using var folder = new TestFolder();
        var source = folder.Write("policy/rules.txt", "员工守则：上班时间为九点。");
        (await Cli.RunAsync(folder, "ingest", Path.GetDirectoryName(source)!, "--domain", "policy")).AssertSuccess();
        var documentId = (await Cli.RunAsync(folder, "documents", "--json")).AssertSuccess().Json().GetProperty("documents")[0].GetProperty("id").GetString()!;

        var set = (await Cli.RunAsync(folder, "acl", "set", "domain:policy", "--allow", "group:hr", "--deny", "user:eve", "--json")).AssertSuccess().Json();
        var document = (await Cli.RunAsync(folder, "acl", "show", "document:" + documentId, "--json")).AssertSuccess().Json();

        Assert.Equal("domain:policy", set.GetProperty("target").GetString());
        Assert.Equal(1, set.GetProperty("documents").GetInt32());
        Assert.Equal("group:hr", document.GetProperty("effective").GetProperty("allow")[0].GetString());
        Assert.Equal("user:eve", document.GetProperty("effective").GetProperty("deny")[0].GetString());
        Assert.Equal("*", document.GetProperty("own").GetProperty("allow")[0].GetString());

        (await Cli.RunAsync(folder, "acl", "clear", "domain:policy")).AssertSuccess();
        var cleared = (await Cli.RunAsync(folder, "acl", "show", "document:" + documentId, "--json")).AssertSuccess().Json();
        Assert.Equal("*", cleared.GetProperty("effective").GetProperty("allow")[0].GetString());
        var audit = (await Cli.RunAsync(folder, "audit", "search", "--action", "permission_change", "--json")).AssertSuccess().Json();
        Assert.Equal(2, audit.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Acl_BadTargetOrUnknownDocument_FailsWithAClearMessage()
    {
        using var folder = new TestFolder();

        var malformed = await Cli.RunAsync(folder, "acl", "show", "policy");
        var missing = await Cli.RunAsync(folder, "acl", "set", "document:nope", "--allow", "group:hr");

        Assert.Contains("use domain:NAME, source:ID or document:ID", malformed.AssertError(2, "invalid_argument"), StringComparison.Ordinal);
        Assert.Contains("ACL target 'document:nope' does not exist", missing.AssertError(3, "not_found"), StringComparison.Ordinal);
    }
}
