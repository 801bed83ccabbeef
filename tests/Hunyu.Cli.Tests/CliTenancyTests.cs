namespace Hunyu.Cli.Tests;

/// <summary>Tenants at the command line: the operator creates a domain in a tenant; listings show whose it is.</summary>
public sealed class CliTenancyTests
{
    [Fact]
    public async Task DomainsAddWithTenant_ListsItsTenant_TheNameStaysTakenAndTheLocalAdministratorCannotWriteIt()
    {
        using var folder = new TestFolder();
        var docs = Path.GetDirectoryName(folder.Write("docs/a.md", "# 制度\n\n考勤制度 zqcltenant"))!;

        var created = (await Cli.RunAsync(folder, "domains", "add", "acme-hr", "--kind", "enterprise", "--tenant", "acme", "--json")).AssertSuccess().Json();
        var human = (await Cli.RunAsync(folder, "domains", "add", "acme-hr", "--kind", "business", "--tenant", "acme")).AssertSuccess();
        var taken = await Cli.RunAsync(folder, "domains", "add", "acme-hr", "--kind", "enterprise");
        var ingest = await Cli.RunAsync(folder, "ingest", docs, "--domain", "acme-hr");
        (await Cli.RunAsync(folder, "ingest", docs, "--domain", "handbook")).AssertSuccess();
        var listed = (await Cli.RunAsync(folder, "domains", "--json")).AssertSuccess().Json();
        var table = (await Cli.RunAsync(folder, "domains")).AssertSuccess();
        var ownDocuments = (await Cli.RunAsync(folder, "documents", "--json")).AssertSuccess().Json();
        var acmeDocuments = (await Cli.RunAsync(folder, "documents", "--tenant", "acme", "--json")).AssertSuccess().Json();

        Assert.Equal(("acme", true), (created.GetProperty("tenant").GetString(), created.GetProperty("created").GetBoolean()));
        Assert.Contains("updated domain acme-hr in tenant acme", human.PlainOutput, StringComparison.Ordinal);
        Assert.Contains("the name is in use; domain names are unique in the installation", taken.AssertError(2, "invalid_argument"), StringComparison.Ordinal);
        Assert.Equal("error [not_found]: domain 'acme-hr' does not exist", ingest.AssertError(3, "not_found"));
        var tenants = listed.GetProperty("domains").EnumerateArray().ToDictionary(d => d.GetProperty("name").GetString()!, d => d.GetProperty("tenant").GetString());
        Assert.Equal(("acme", "default"), (tenants["acme-hr"], tenants["handbook"]));
        Assert.Contains("acme", table.PlainOutput, StringComparison.Ordinal);
        Assert.Equal(1, ownDocuments.GetProperty("count").GetInt32());
        Assert.Equal(0, acmeDocuments.GetProperty("count").GetInt32());
    }
}
