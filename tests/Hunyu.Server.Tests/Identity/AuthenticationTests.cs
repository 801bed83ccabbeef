using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hunyu.Server.Tests.Identity;

/// <summary>API keys and JWT bearer tokens on the real server: who a request runs as, and every refusal audited.</summary>
public sealed class AuthenticationTests
{
    private const string Tenant = Principal.DefaultTenant;

    [Fact]
    public async Task Search_WithAKey_RunsAsItsUser_WithoutOne_Is401OnceAKeyExists()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        var knowledge = app.Services.GetRequiredService<KnowledgeBase>();
        await knowledge.SaveUserAsync(Tenant, "bob", PrincipalRole.Reader, ["hr"], TestContext.Current.CancellationToken);
        var issued = await knowledge.AddApiKeyAsync(Tenant, "bob", cancellationToken: TestContext.Current.CancellationToken);

        using var anonymous = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");
        using var health = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", issued.Key);
        using var searched = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");

        await ApiClient.ReadProblemAsync(anonymous, 401, "unauthenticated");
        Assert.Equal("Bearer realm=\"hunyu\"", anonymous.Headers.WwwAuthenticate.ToString());
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, searched.StatusCode);
        Assert.True((await ApiClient.ReadJsonAsync(searched)).GetProperty("total_hits").GetInt32() > 0);
        var entries = await AuditAsync(app, 3);
        Assert.Equal(("search", "bob", """["hr"]"""), (entries[0].Action, entries[0].UserId, entries[0].Groups));
        Assert.Equal(("login", "denied", "unauthenticated"), (entries[1].Action, entries[1].Outcome, entries[1].Code));
        Assert.Equal("missing", JsonDocument.Parse(entries[1].Detail).RootElement.GetProperty("reason").GetString());
        Assert.Equal("key_add", entries[2].Action);
        Assert.NotNull(Assert.Single(await knowledge.ListApiKeysAsync(cancellationToken: TestContext.Current.CancellationToken)).LastUsed);
    }

    [Theory]
    [InlineData("revoked")]
    [InlineData("expired")]
    [InlineData("unknown")]
    [InlineData("user_removed")]
    public async Task Search_WithARefusedKey_Is401AndAuditedWithTheReasonNeverTheKey(string reason)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        var knowledge = app.Services.GetRequiredService<KnowledgeBase>();
        await knowledge.SaveUserAsync(Tenant, "bob", PrincipalRole.Editor, cancellationToken: TestContext.Current.CancellationToken);
        var issued = await knowledge.AddApiKeyAsync(Tenant, "bob", ["read", "write"], TimeSpan.FromDays(1), TestContext.Current.CancellationToken);
        var key = issued.Key;
        switch (reason)
        {
            case "revoked":
                await knowledge.RevokeApiKeyAsync(issued.Info.Id, TestContext.Current.CancellationToken);
                break;
            case "expired":
                Execute(app, $"UPDATE api_keys SET expires_at = '2000-01-01T00:00:00.0000000Z' WHERE id = '{issued.Info.Id}';");
                break;
            case "unknown":
                key = issued.Key[..^4] + "AAAA";
                break;
            default:
                await knowledge.RemoveUserAsync(Tenant, "bob", TestContext.Current.CancellationToken);

                // Removing a user revokes their keys, which is what the request then meets.
                reason = "revoked";
                break;
        }

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        using var response = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");

        var problem = await ApiClient.ReadProblemAsync(response, 401, "unauthenticated");
        Assert.Equal("the API key is not valid (unknown, revoked or expired)", problem.GetProperty("detail").GetString());
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var login = (await AuditAsync(app, 1))[0];
        Assert.Equal(("login", "anonymous", "POST /api/search"), (login.Action, login.UserId, login.Target));
        var detail = JsonDocument.Parse(login.Detail).RootElement;
        Assert.Equal((reason, "api_key", issued.Info.Id), (detail.GetProperty("reason").GetString(), detail.GetProperty("scheme").GetString(), detail.GetProperty("key_id").GetString()));
        Assert.True(ApiKeyText.TryParse(issued.Key, out _, out var secret));
        Assert.DoesNotContain(secret, login.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Upload_WithAReaderKey_Is403AndAudited_AdminEndpointsNeedTheAdminScope()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        var knowledge = app.Services.GetRequiredService<KnowledgeBase>();
        await knowledge.SaveUserAsync(Tenant, "ann", PrincipalRole.Admin, cancellationToken: TestContext.Current.CancellationToken);
        var readOnly = await knowledge.AddApiKeyAsync(Tenant, "ann", ["read"], cancellationToken: TestContext.Current.CancellationToken);
        var full = await knowledge.AddApiKeyAsync(Tenant, "ann", ["admin"], cancellationToken: TestContext.Current.CancellationToken);

        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", readOnly.Key);
        using var upload = await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook));
        using var audit = await client.GetAsync("/api/audit", TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", full.Key);
        using var uploaded = await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook));
        using var audited = await client.GetAsync("/api/audit?action=access", TestContext.Current.CancellationToken);

        var problem = await ApiClient.ReadProblemAsync(upload, 403, "forbidden");
        Assert.Equal("POST /api/documents: needs the editor role; ann acts as reader (the user's role capped by the key's scopes)", problem.GetProperty("detail").GetString());
        await ApiClient.ReadProblemAsync(audit, 403, "forbidden");
        Assert.True(uploaded.IsSuccessStatusCode, await uploaded.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
        var denial = Assert.Single((await ApiClient.ReadJsonAsync(audited)).GetProperty("entries").EnumerateArray());
        Assert.Equal(("ann", "denied", "POST /api/documents"), (denial.GetProperty("user").GetString(), denial.GetProperty("outcome").GetString(), denial.GetProperty("target").GetString()));
        Assert.Equal("editor", denial.GetProperty("detail").GetProperty("required").GetString());
    }

    [Fact]
    public async Task Search_WithAValidJwt_RunsAsTheTokensUserGroupsRoleAndTenant()
    {
        var tokens = new Tokens();
        await using var app = new HunyuApp(tokens.Settings);
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.Create("li.wei", ["hr", "finance"], "editor"));

        using var searched = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");
        using var uploaded = await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook));

        Assert.Equal(HttpStatusCode.OK, searched.StatusCode);
        Assert.True(uploaded.IsSuccessStatusCode);
        var entries = await AuditAsync(app, 2);
        Assert.Equal(("ingest", "li.wei", """["hr","finance"]""", "default"), (entries[0].Action, entries[0].UserId, entries[0].Groups, entries[0].Tenant));
        Assert.Equal(("search", "li.wei"), (entries[1].Action, entries[1].UserId));
    }

    [Theory]
    [InlineData("expired")]
    [InlineData("wrong_audience")]
    [InlineData("wrong_issuer")]
    [InlineData("bad_signature")]
    [InlineData("malformed")]
    public async Task Search_WithARefusedJwt_Is401AndAuditedAsALoginDenial(string reason)
    {
        var tokens = new Tokens();
        await using var app = new HunyuApp(tokens.Settings);
        using var client = app.CreateClient();
        var token = reason switch
        {
            "expired" => tokens.Create(expiresIn: TimeSpan.FromMinutes(-10)),
            "wrong_audience" => tokens.Create(audience: "another-app"),
            "wrong_issuer" => tokens.Create(issuer: "https://evil.test"),
            "bad_signature" => tokens.Create(signingKey: System.Security.Cryptography.RandomNumberGenerator.GetBytes(32)),
            _ => "not.a.token",
        };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");

        var problem = await ApiClient.ReadProblemAsync(response, 401, "unauthenticated");
        Assert.Equal($"the bearer token is not valid ({reason.Replace('_', ' ')})", problem.GetProperty("detail").GetString());
        Assert.Contains("Bearer realm=\"hunyu\", error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        var login = Assert.Single(await AuditAsync(app, 10));
        Assert.Equal(("login", "denied"), (login.Action, login.Outcome));
        Assert.Equal(reason, JsonDocument.Parse(login.Detail).RootElement.GetProperty("reason").GetString());
        Assert.DoesNotContain(token, login.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithAJwtOfADisabledStoredUser_Is401AndAudited_UnknownUsersAndOtherTenantsStillSignIn()
    {
        var tokens = new Tokens();
        await using var app = new HunyuApp(tokens.Settings);
        using var client = app.CreateClient();
        var knowledge = app.Services.GetRequiredService<KnowledgeBase>();
        await knowledge.SaveUserAsync(Tenant, "bob", PrincipalRole.Reader, cancellationToken: TestContext.Current.CancellationToken);
        var key = await knowledge.AddApiKeyAsync(Tenant, "bob", cancellationToken: TestContext.Current.CancellationToken);
        var admin = tokens.Create("ann", role: "admin");
        var bob = tokens.Create("bob");

        using var before = await SearchAsync(client, bob);
        using var disabled = await PostAsync(client, admin, "/api/users/bob/disable");
        using var refused = await SearchAsync(client, bob);
        using var refusedKey = await SearchAsync(client, key.Key);
        using var unknown = await SearchAsync(client, tokens.Create("li.wei"));
        using var otherTenant = await SearchAsync(client, tokens.Create("bob", tenant: "acme"));
        using var missing = await PostAsync(client, admin, "/api/users/ghost/disable");
        using var notAdmin = await PostAsync(client, bob, "/api/users/bob/enable");
        var refusals = await knowledge.Audit.SearchAsync(new Core.Audit.AuditQuery { Action = "login", Limit = 10 }, TestContext.Current.CancellationToken);
        using var enabled = await PostAsync(client, admin, "/api/users/bob/enable");
        using var after = await SearchAsync(client, bob);

        Assert.Equal(HttpStatusCode.OK, before.StatusCode);
        Assert.True((await ApiClient.ReadJsonAsync(disabled)).GetProperty("disabled").GetBoolean());
        var problem = await ApiClient.ReadProblemAsync(refused, 401, "unauthenticated");
        Assert.Equal("the bearer token's user is disabled in this tenant", problem.GetProperty("detail").GetString());
        Assert.Contains("error=\"invalid_token\"", refused.Headers.WwwAuthenticate.ToString(), StringComparison.Ordinal);
        await ApiClient.ReadProblemAsync(refusedKey, 401, "unauthenticated");
        Assert.Equal(HttpStatusCode.OK, unknown.StatusCode);
        Assert.Equal(HttpStatusCode.OK, otherTenant.StatusCode);
        await ApiClient.ReadProblemAsync(missing, 404, "not_found");

        // A disabled user is refused before any role check: even the enable endpoint is out of reach.
        await ApiClient.ReadProblemAsync(notAdmin, 401, "unauthenticated");
        Assert.False((await ApiClient.ReadJsonAsync(enabled)).GetProperty("disabled").GetBoolean());
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(
            [("jwt", "user_disabled"), ("api_key", "user_disabled"), ("jwt", "user_disabled")],
            refusals.Select(r => JsonDocument.Parse(r.Detail).RootElement).Select(d => (d.GetProperty("scheme").GetString(), d.GetProperty("reason").GetString())).Reverse());
        Assert.All(refusals, r => Assert.Equal(("denied", "unauthenticated"), (r.Outcome, r.Code)));
        var changes = await knowledge.Audit.SearchAsync(new Core.Audit.AuditQuery { Limit = 20 }, TestContext.Current.CancellationToken);
        Assert.Equal(
            [("user_enable", "ok"), ("user_disable", "failed"), ("user_disable", "ok")],
            changes.Where(e => e.Action is "user_disable" or "user_enable").Select(e => (e.Action, e.Outcome)));
        Assert.Equal(("ann", "user:bob"), (changes.First(e => e.Action == "user_disable").UserId, changes.First(e => e.Action == "user_enable").Target));
    }

    [Fact]
    public async Task Requests_OverTheRateLimit_Are429WithRetryAfter_PerKey()
    {
        await using var app = new HunyuApp(("Hunyu:Server:RateLimit:PermitLimit", "2"), ("Hunyu:Server:RateLimit:WindowSeconds", "3600"));
        using var client = app.CreateClient();
        var knowledge = app.Services.GetRequiredService<KnowledgeBase>();
        await knowledge.SaveUserAsync(Tenant, "bob", PrincipalRole.Reader, cancellationToken: TestContext.Current.CancellationToken);
        var first = await knowledge.AddApiKeyAsync(Tenant, "bob", cancellationToken: TestContext.Current.CancellationToken);
        var second = await knowledge.AddApiKeyAsync(Tenant, "bob", cancellationToken: TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", first.Key);

        var statuses = new List<int>();
        for (var i = 0; i < 3; i++)
        {
            using var response = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");
            statuses.Add((int)response.StatusCode);
            if (i == 2)
            {
                var problem = await ApiClient.ReadProblemAsync(response, 429, "rate_limited");
                Assert.StartsWith("too many requests: the limit is 2 per 3600 s (Hunyu:Server:RateLimit)", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
                Assert.True(response.Headers.RetryAfter?.Delta > TimeSpan.Zero);
            }
        }

        using var health = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", second.Key);
        using var other = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");

        Assert.Equal([200, 200, 429], statuses);
        Assert.Equal(HttpStatusCode.OK, health.StatusCode);
        Assert.Equal(HttpStatusCode.OK, other.StatusCode);
    }

    [Fact]
    public async Task Search_WithAJunkBearerAndNoIdentityConfigured_Is401NotTheLocalAdmin()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", "hy_0123456789abcdef_guess");

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");

        await ApiClient.ReadProblemAsync(response, 401, "unauthenticated");
    }

    private static async Task<HttpResponseMessage> SearchAsync(HttpClient client, string bearer)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""");
    }

    private static async Task<HttpResponseMessage> PostAsync(HttpClient client, string bearer, string path)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        return await ApiClient.PostJsonAsync(client, path, "{}");
    }

    private static async Task<IReadOnlyList<Core.Audit.AuditRecord>> AuditAsync(HunyuApp app, int limit) =>
        await app.Services.GetRequiredService<KnowledgeBase>().Audit.SearchAsync(new Core.Audit.AuditQuery { Limit = limit }, TestContext.Current.CancellationToken);

    private static void Execute(HunyuApp app, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "hunyu.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
