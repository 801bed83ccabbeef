using Hunyu.Core.Identity;
using Hunyu.Hosting;
using Hunyu.Server;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu users|groups|keys</c> on the embedded store, and <c>search</c>/<c>ask</c> as a client of a real server.</summary>
public sealed class CliIdentityTests
{
    [Fact]
    public async Task UsersGroupsKeys_AddListRemove_AreAuditedAndNeverListTheSecret()
    {
        using var folder = new TestFolder();

        var user = (await Cli.RunAsync(folder, "users", "add", "li.wei", "--role", "editor", "--group", "hr", "--group", "finance", "--json")).AssertSuccess().Json();
        (await Cli.RunAsync(folder, "groups", "add", "legal", "--tenant", "acme")).AssertSuccess();
        var key = (await Cli.RunAsync(folder, "keys", "add", "--user", "li.wei", "--scope", "write", "--expires-days", "30", "--json")).AssertSuccess().Json();
        var users = (await Cli.RunAsync(folder, "users", "list", "--json")).AssertSuccess().Json();
        var groups = (await Cli.RunAsync(folder, "groups", "--json")).AssertSuccess().Json();
        var keys = (await Cli.RunAsync(folder, "keys", "list", "--json")).AssertSuccess();
        var keysTable = (await Cli.RunAsync(folder, "keys")).AssertSuccess();

        Assert.Equal(("editor", "default"), (user.GetProperty("role").GetString(), user.GetProperty("tenant").GetString()));
        Assert.Equal(["finance", "hr"], user.GetProperty("groups").EnumerateArray().Select(g => g.GetString()));
        var keyText = key.GetProperty("key").GetString()!;
        Assert.True(ApiKeyText.TryParse(keyText, out var id, out var secret));
        Assert.Equal(id, key.GetProperty("id").GetString());
        Assert.Equal(["write"], key.GetProperty("scopes").EnumerateArray().Select(s => s.GetString()));
        Assert.Equal(1, users.GetProperty("count").GetInt32());
        Assert.Equal(["finance", "hr", "legal"], groups.GetProperty("groups").EnumerateArray().Select(g => g.GetProperty("name").GetString()).Order());
        Assert.Equal(id, keys.Json().GetProperty("keys")[0].GetProperty("id").GetString());
        Assert.DoesNotContain(secret, keys.Output, StringComparison.Ordinal);
        Assert.DoesNotContain(secret, keysTable.Output, StringComparison.Ordinal);
        Assert.Contains("active", keysTable.PlainOutput, StringComparison.Ordinal);

        var revoked = (await Cli.RunAsync(folder, "keys", "remove", id, "--json")).AssertSuccess().Json();
        (await Cli.RunAsync(folder, "groups", "remove", "legal", "--tenant", "acme")).AssertSuccess();
        (await Cli.RunAsync(folder, "users", "remove", "li.wei")).AssertSuccess();
        var audit = (await Cli.RunAsync(folder, "audit", "search", "--json")).AssertSuccess();

        Assert.Equal(id, revoked.GetProperty("revoked").GetString());
        Assert.Contains("revoked", (await Cli.RunAsync(folder, "keys", "list")).AssertSuccess().PlainOutput, StringComparison.Ordinal);
        Assert.Equal(
            ["user_remove", "group_remove", "key_revoke", "key_add", "group_add", "user_add"],
            audit.Json().GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()));
        Assert.DoesNotContain(secret, audit.Output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UsersDisableEnable_ChangeWhetherTheUserMaySignIn_AndAreAudited()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "users", "add", "bob", "--tenant", "acme")).AssertSuccess();
        var key = (await Cli.RunAsync(folder, "keys", "add", "--user", "bob", "--tenant", "acme", "--json")).AssertSuccess().Json().GetProperty("key").GetString()!;

        var disabled = (await Cli.RunAsync(folder, "users", "disable", "bob", "--tenant", "acme", "--json")).AssertSuccess().Json();
        var table = (await Cli.RunAsync(folder, "users", "list")).AssertSuccess();
        var wrongTenant = await Cli.RunAsync(folder, "users", "disable", "bob");
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            Assert.Equal("user_disabled", (await knowledge.AuthenticateApiKeyAsync(key, TestContext.Current.CancellationToken)).Failure);
        }

        var enabled = (await Cli.RunAsync(folder, "users", "enable", "bob", "--tenant", "acme", "--json")).AssertSuccess().Json();
        var audit = (await Cli.RunAsync(folder, "audit", "search", "--json")).AssertSuccess().Json();

        Assert.True(disabled.GetProperty("disabled").GetBoolean());
        Assert.Contains("yes", table.PlainOutput, StringComparison.Ordinal);
        Assert.Equal("error [not_found]: user 'bob': not found in tenant 'default'; 'hunyu users list' lists them", wrongTenant.AssertError(3, "not_found"));
        Assert.False(enabled.GetProperty("disabled").GetBoolean());
        Assert.Equal(
            ["user_enable", "user_disable", "user_disable"],
            audit.GetProperty("entries").EnumerateArray().Select(e => e.GetProperty("action").GetString()).Where(a => a!.StartsWith("user_", StringComparison.Ordinal) && a != "user_add"));
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            Assert.NotNull((await knowledge.AuthenticateApiKeyAsync(key, TestContext.Current.CancellationToken)).Principal);
        }
    }

    [Fact]
    public async Task Identity_BadInput_FailsWithTheDocumentedCodes()
    {
        using var folder = new TestFolder();

        var unknownUser = await Cli.RunAsync(folder, "keys", "add", "--user", "ghost");
        var badRole = await Cli.RunAsync(folder, "users", "add", "bob", "--role", "root");
        var addBob = await Cli.RunAsync(folder, "users", "add", "bob");
        var scope = await Cli.RunAsync(folder, "keys", "add", "--user", "bob", "--scope", "everything");
        var days = await Cli.RunAsync(folder, "keys", "add", "--user", "bob", "--expires-days", "0");
        var removeUnknown = await Cli.RunAsync(folder, "users", "remove", "ghost");
        var revokeUnknown = await Cli.RunAsync(folder, "keys", "remove", "0123456789abcdef");
        var badName = await Cli.RunAsync(folder, "groups", "add", "a b");

        Assert.Equal("error [not_found]: user 'ghost' does not exist in tenant 'default'; add it with 'hunyu users add ghost'", unknownUser.AssertError(3, "not_found"));
        Assert.Equal("error [invalid_argument]: role 'root': use reader, editor or admin", badRole.AssertError(2, "invalid_argument"));
        addBob.AssertSuccess();
        Assert.Equal("error [invalid_argument]: scope 'everything': use read, write, admin", scope.AssertError(2, "invalid_argument"));
        Assert.Equal("error [invalid_argument]: --expires-days 0: allowed 1-3650", days.AssertError(2, "invalid_argument"));
        removeUnknown.AssertError(3, "not_found");
        revokeUnknown.AssertError(3, "not_found");
        Assert.Equal($"error [invalid_argument]: group 'a b': {IdentityNames.Rule}", badName.AssertError(2, "invalid_argument"));
    }

    [Fact]
    public async Task SearchAndAsk_WithServerAndKey_PrintWhatLocalModePrints_WithoutAKeyAre401()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "ingest", folder.CopySamples())).AssertSuccess();
        (await Cli.RunAsync(folder, "users", "add", "bob", "--role", "reader")).AssertSuccess();
        var key = (await Cli.RunAsync(folder, "keys", "add", "--user", "bob", "--json")).AssertSuccess().Json().GetProperty("key").GetString()!;
        var local = (await Cli.RunAsync(folder, "search", "劳动合同", "--json")).AssertSuccess().Json();
        var localAsk = (await Cli.RunAsync(folder, "ask", "劳动合同的期限有哪些？", "--json")).AssertSuccess().Json();

        using var knowledge = KnowledgeBase.Open(folder.Data);
        await using var app = HunyuServer.Build(knowledge, [], "http://127.0.0.1:0");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var url = app.Urls.Single();
        try
        {
            var remote = (await Cli.RunAsync(folder, "search", "劳动合同", "--server", url, "--key", key, "--json")).AssertSuccess().Json();
            var human = (await Cli.RunAsync(folder, "search", "劳动合同", "--server", url, "--key", key)).AssertSuccess();
            var asked = (await Cli.RunAsync(folder, "ask", "劳动合同的期限有哪些？", "--server", url, "--key", key, "--json")).AssertSuccess().Json();
            var anonymous = await Cli.RunAsync(folder, "search", "劳动合同", "--server", url);
            var revokedKey = await Cli.RunAsync(folder, "search", "劳动合同", "--server", url, "--key", key[..^2] + "xx");
            var badUrl = await Cli.RunAsync(folder, "search", "劳动合同", "--server", "ftp://x");

            Assert.Equal(Ids(local), Ids(remote));
            Assert.Equal(local.GetProperty("total_hits").GetInt32(), remote.GetProperty("total_hits").GetInt32());
            Assert.Contains("matching passages", human.PlainOutput, StringComparison.Ordinal);
            Assert.Equal(localAsk.GetProperty("answer").GetString(), asked.GetProperty("answer").GetString());
            Assert.Equal(localAsk.GetProperty("citations").GetArrayLength(), asked.GetProperty("citations").GetArrayLength());
            Assert.Equal($"error [unauthenticated]: {url}/: this server requires authentication: send Authorization: Bearer <API key or token>", anonymous.AssertError(2, "unauthenticated"));
            revokedKey.AssertError(2, "unauthenticated");
            badUrl.AssertError(2, "invalid_argument");
        }
        finally
        {
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
    }

    private static string?[] Ids(System.Text.Json.JsonElement search) =>
        [.. search.GetProperty("hits").EnumerateArray().Select(h => h.GetProperty("citation_id").GetString())];
}
