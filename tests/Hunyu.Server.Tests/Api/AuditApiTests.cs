using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;

namespace Hunyu.Server.Tests.Api;

/// <summary><c>GET /api/audit</c> and <c>/api/audit/verify</c> over what the API itself recorded.</summary>
public sealed class AuditApiTests
{
    [Fact]
    public async Task SearchAuditAndVerify_AfterUploadSearchAskAndDelete_ListEntriesWithClientAddress()
    {
        await using var app = new HunyuApp();
        using var client = app.WithWebHostBuilder(builder => builder.ConfigureServices(services => services.AddSingleton<IStartupFilter, RemoteAddress>())).CreateClient();
        (await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        (await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""")).Dispose();
        using var asked = await ApiClient.PostJsonAsync(client, "/api/ask", """{"question": "入职满一年有几天年假？"}""");
        var cited = (await ApiClient.ReadJsonAsync(asked)).GetProperty("citations")[0].GetProperty("document_id").GetString();
        (await client.DeleteAsync($"/api/documents/{cited}", TestContext.Current.CancellationToken)).Dispose();

        using var response = await client.GetAsync("/api/audit?limit=10", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ApiClient.ReadJsonAsync(response);
        var entries = json.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(["delete", "ask", "search", "ingest"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(("admin", "203.0.113.7"), (e.GetProperty("user").GetString(), e.GetProperty("client").GetString())));
        Assert.Equal(cited, entries[0].GetProperty("target").GetString());
        Assert.Equal([cited], entries[1].GetProperty("detail").GetProperty("cited").EnumerateArray().Select(c => c.GetString()));
        Assert.Equal("年假", entries[2].GetProperty("detail").GetProperty("query").GetString());

        using var filtered = await client.GetAsync("/api/audit?action=ask&user=admin&since=2000-01-01T00:00:00Z", TestContext.Current.CancellationToken);
        Assert.Equal(1, (await ApiClient.ReadJsonAsync(filtered)).GetProperty("count").GetInt32());

        using var verify = await client.GetAsync("/api/audit/verify", TestContext.Current.CancellationToken);
        var verified = await ApiClient.ReadJsonAsync(verify);
        Assert.True(verified.GetProperty("intact").GetBoolean());
        Assert.Equal(4, verified.GetProperty("entries").GetInt64());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, verified.GetProperty("first_broken").ValueKind);
    }

    [Fact]
    public async Task Verify_AfterTampering_ReportsTheFirstBrokenEntry()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "年假"}""")).Dispose();
        (await ApiClient.PostJsonAsync(client, "/api/search", """{"query": "报销"}""")).Dispose();
        using (var connection = new SqliteConnection($"Data Source={Path.Combine(app.DataDirectory, "hunyu.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = """DROP TRIGGER audit_log_no_update; UPDATE audit_log SET detail = '{"query":"天气"}' WHERE sequence = 1;""";
            command.ExecuteNonQuery();
        }

        using var verify = await client.GetAsync("/api/audit/verify", TestContext.Current.CancellationToken);

        var json = await ApiClient.ReadJsonAsync(verify);
        Assert.False(json.GetProperty("intact").GetBoolean());
        Assert.Equal(1, json.GetProperty("first_broken").GetProperty("sequence").GetInt64());
        Assert.Equal("edited", json.GetProperty("first_broken").GetProperty("kind").GetString());
    }

    [Fact]
    public async Task SearchAudit_BadLimitOrTime_IsInvalidArgument()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var limit = await client.GetAsync("/api/audit?limit=0", TestContext.Current.CancellationToken);
        using var since = await client.GetAsync("/api/audit?since=soon", TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(limit, 400, "invalid_argument");
        await ApiClient.ReadProblemAsync(since, 400, "invalid_argument");
    }

    /// <summary>Gives in-process requests a remote address, as Kestrel does for real ones.</summary>
    private sealed class RemoteAddress : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use((context, following) =>
            {
                context.Connection.RemoteIpAddress = IPAddress.Parse("203.0.113.7");
                return following(context);
            });
            next(app);
        };
    }
}
