using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

public sealed class SqliteCatalogIdentityTests
{
    private const string Tenant = Principal.DefaultTenant;

    [Fact]
    public async Task SaveUserAsync_WithGroups_CreatesTenantGroupsAndMemberships()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var user = await catalog.SaveUserAsync("acme", "li.wei", PrincipalRole.Editor, ["hr", "finance"], TestContext.Current.CancellationToken);

        Assert.Equal(("acme", "li.wei", PrincipalRole.Editor, false), (user.Tenant, user.Name, user.Role, user.Disabled));
        Assert.Equal(["finance", "hr"], user.Groups);
        var groups = await catalog.ListGroupsAsync("acme", TestContext.Current.CancellationToken);
        Assert.Equal(["finance", "hr"], groups.Select(g => g.Name));
        Assert.All(groups, g => Assert.Equal(["li.wei"], g.Members));
        Assert.Equal(1L, temp.Scalar("SELECT COUNT(*) FROM tenants WHERE name = 'acme';"));
    }

    [Fact]
    public async Task SaveUserAsync_Existing_ChangesRoleAndReplacesGroupsOnlyWhenGiven()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        await catalog.SaveUserAsync(Tenant, "bob", PrincipalRole.Reader, ["hr"], TestContext.Current.CancellationToken);

        var kept = await catalog.SaveUserAsync(Tenant, "bob", PrincipalRole.Admin, null, TestContext.Current.CancellationToken);
        var replaced = await catalog.SaveUserAsync(Tenant, "bob", PrincipalRole.Admin, ["sales"], TestContext.Current.CancellationToken);

        Assert.Equal(PrincipalRole.Admin, kept.Role);
        Assert.Equal(["hr"], kept.Groups);
        Assert.Equal(["sales"], replaced.Groups);
        Assert.Single(await catalog.ListUsersAsync(null, TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task SaveUserAsync_InvalidName_ThrowsInvalidArgumentNamingTheRule()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var error = await Assert.ThrowsAsync<HunyuException>(() => catalog.SaveUserAsync(Tenant, "bad name:x", PrincipalRole.Reader, null, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Equal($"user 'bad name:x': {IdentityNames.Rule}", error.Message);
    }

    [Fact]
    public async Task AddApiKeyAsync_StoresOnlyTheHash_TheSecretIsNowhereInTheFile()
    {
        using var temp = new TempFolder();
        IssuedApiKey issued;
        using (var catalog = SqliteCatalog.Open(temp.DatabasePath))
        {
            await catalog.SaveUserAsync(Tenant, "bob", PrincipalRole.Reader, null, TestContext.Current.CancellationToken);
            issued = await catalog.AddApiKeyAsync(Tenant, "bob", ["read", "write"], null, TestContext.Current.CancellationToken);
        }

        Assert.True(ApiKeyText.TryParse(issued.Key, out var id, out var secret));
        Assert.Equal(id, issued.Info.Id);
        Assert.Equal(ApiKeyText.Hash(secret), temp.Scalar($"SELECT secret_hash FROM api_keys WHERE id = '{id}';"));

        // Checkpoint the WAL into the main file, then look for the secret in every file of the database.
        temp.Execute("PRAGMA wal_checkpoint(TRUNCATE);");
        foreach (var file in Directory.GetFiles(temp.Path))
        {
            var bytes = await File.ReadAllBytesAsync(file, TestContext.Current.CancellationToken);
            Assert.DoesNotContain(secret, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
            Assert.DoesNotContain(issued.Key, Encoding.Latin1.GetString(bytes), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AddApiKeyAsync_UnknownUser_ThrowsNotFound()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var error = await Assert.ThrowsAsync<HunyuException>(() => catalog.AddApiKeyAsync(Tenant, "ghost", null, null, TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCode.NotFound, error.Error);
        Assert.False(await catalog.HasApiKeysAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task FindApiKeyAsync_ReturnsInfoHashAndUser_RevokeKeepsTheFirstTime()
    {
        using var temp = new TempFolder();
        var clock = new ManualClock(new DateTimeOffset(2025, 3, 1, 8, 0, 0, TimeSpan.Zero));
        using var catalog = SqliteCatalog.Open(temp.DatabasePath, clock);
        await catalog.SaveUserAsync(Tenant, "bob", PrincipalRole.Editor, ["hr"], TestContext.Current.CancellationToken);
        var issued = await catalog.AddApiKeyAsync(Tenant, "bob", null, clock.GetUtcNow().AddDays(30), TestContext.Current.CancellationToken);

        var found = await catalog.FindApiKeyAsync(issued.Info.Id, TestContext.Current.CancellationToken);
        var revoked = await catalog.RevokeApiKeyAsync(issued.Info.Id, TestContext.Current.CancellationToken);
        clock.Advance(TimeSpan.FromHours(1));
        var again = await catalog.RevokeApiKeyAsync(issued.Info.Id, TestContext.Current.CancellationToken);

        Assert.NotNull(found);
        Assert.Equal(["read"], found.Info.Scopes);
        Assert.Equal(clock.GetUtcNow().AddHours(-1).AddDays(30), found.Info.Expires);
        Assert.Equal(["hr"], found.User!.Groups);
        Assert.Null(found.Info.RefusalAt(clock.GetUtcNow()));
        Assert.Equal(revoked!.Revoked, again!.Revoked);
        Assert.Equal("revoked", again.RefusalAt(clock.GetUtcNow()));
        Assert.Null(await catalog.RevokeApiKeyAsync("0000000000000000", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task RemoveUserAsync_RevokesTheirKeysAndDropsMemberships()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        await catalog.SaveUserAsync(Tenant, "bob", PrincipalRole.Reader, ["hr"], TestContext.Current.CancellationToken);
        var issued = await catalog.AddApiKeyAsync(Tenant, "bob", null, null, TestContext.Current.CancellationToken);

        Assert.True(await catalog.RemoveUserAsync(Tenant, "bob", TestContext.Current.CancellationToken));
        Assert.False(await catalog.RemoveUserAsync(Tenant, "bob", TestContext.Current.CancellationToken));

        var key = await catalog.FindApiKeyAsync(issued.Info.Id, TestContext.Current.CancellationToken);
        Assert.NotNull(key!.Info.Revoked);
        Assert.Null(key.User);
        Assert.Empty(Assert.Single(await catalog.ListGroupsAsync(Tenant, TestContext.Current.CancellationToken)).Members);
        Assert.True(await catalog.HasApiKeysAsync(TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task Groups_AddListRemove_NamesAreScopedByTenant()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        Assert.True(await catalog.AddGroupAsync("a", "hr", TestContext.Current.CancellationToken));
        Assert.False(await catalog.AddGroupAsync("a", "hr", TestContext.Current.CancellationToken));
        Assert.True(await catalog.AddGroupAsync("b", "hr", TestContext.Current.CancellationToken));
        Assert.True(await catalog.RemoveGroupAsync("a", "hr", TestContext.Current.CancellationToken));

        Assert.Equal(["b"], (await catalog.ListGroupsAsync(null, TestContext.Current.CancellationToken)).Select(g => g.Tenant));
        Assert.False(await catalog.RemoveGroupAsync("a", "hr", TestContext.Current.CancellationToken));
    }

    [Fact]
    public async Task MarkApiKeyUsedAsync_IsListedWithoutTheSecret()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        await catalog.SaveUserAsync(Tenant, "bob", PrincipalRole.Reader, null, TestContext.Current.CancellationToken);
        var issued = await catalog.AddApiKeyAsync(Tenant, "bob", ["admin"], null, TestContext.Current.CancellationToken);
        var used = new DateTimeOffset(2025, 3, 1, 9, 0, 0, TimeSpan.Zero);

        await catalog.MarkApiKeyUsedAsync(issued.Info.Id, used, TestContext.Current.CancellationToken);

        var listed = Assert.Single(await catalog.ListApiKeysAsync(Tenant, "bob", TestContext.Current.CancellationToken));
        Assert.Equal(issued.Info with { LastUsed = used }, listed with { Scopes = issued.Info.Scopes });
        Assert.Equal(["admin"], listed.Scopes);
    }
}
