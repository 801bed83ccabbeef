namespace Hunyu.Server.Tests.Api;

/// <summary><c>/api/users</c>, <c>/api/groups</c>, <c>/api/keys</c> (and a domain's name in the same kind of message) as the local administrator.</summary>
public sealed class IdentityApiTests
{
    [Fact]
    public async Task RevokeKey_UnknownIdWithALineBreak_NotFoundOnOneLine()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.DeleteAsync(new Uri("/api/keys/abc%0Aforged", UriKind.Relative), TestContext.Current.CancellationToken);

        var problem = await ApiClient.ReadProblemAsync(response, 404, "not_found");
        Assert.Equal("key 'abc?forged' not found", problem.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task RemoveDomain_UnknownNameWithALineBreak_NotFoundOnOneLine()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.DeleteAsync(new Uri("/api/domains/abc%0Aforged", UriKind.Relative), TestContext.Current.CancellationToken);

        var problem = await ApiClient.ReadProblemAsync(response, 404, "not_found");
        Assert.Equal("domain 'abc?forged': not found", problem.GetProperty("detail").GetString());
    }
}
