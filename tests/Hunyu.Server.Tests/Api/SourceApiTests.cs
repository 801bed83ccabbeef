using System.Net;
using Microsoft.Data.Sqlite;

namespace Hunyu.Server.Tests.Api;

/// <summary><c>/api/sources</c> and <c>POST/DELETE /api/domains</c> (issue 3, item 8).</summary>
public sealed class SourceApiTests
{
    [Fact]
    public async Task Sources_AddWithSyncListSyncRemove_RoundTrip()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        var docs = WriteDocs(app, ("leave.md", "# 请假制度\n\n员工每年享有十五天带薪年假 zqapileave 。"));

        using var added = await ApiClient.PostJsonAsync(client, "/api/sources?sync=true", new { domain = "hr", kind = "files", allow = new[] { "*" }, files = new { path = docs } });

        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var source = await ApiClient.ReadJsonAsync(added);
        var id = source.GetProperty("id").GetString()!;
        Assert.Equal($"/api/sources/{id}", added.Headers.Location!.OriginalString);
        Assert.Equal(("hr", "files", docs), (source.GetProperty("domain").GetString(), source.GetProperty("kind").GetString(), source.GetProperty("location").GetString()));
        Assert.Equal(docs, source.GetProperty("definition").GetProperty("files").GetProperty("path").GetString());
        Assert.Equal(1, source.GetProperty("sync").GetProperty("added").GetInt32());
        Assert.Equal(1, await HitCountAsync(client, "zqapileave"));

        using var list = await client.GetAsync(new Uri("/api/sources?domain=hr", UriKind.Relative), TestContext.Current.CancellationToken);
        var listed = Assert.Single((await ApiClient.ReadJsonAsync(list)).GetProperty("sources").EnumerateArray());
        Assert.Equal((id, 1), (listed.GetProperty("id").GetString(), listed.GetProperty("document_count").GetInt32()));
        Assert.Equal("files", listed.GetProperty("definition").GetProperty("kind").GetString());

        File.WriteAllText(Path.Combine(docs, "leave.md"), "# 请假制度\n\n年假改为二十天 zqapileave2 。");
        using var synced = await client.PostAsync(new Uri($"/api/sources/{id}/sync", UriKind.Relative), null, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, synced.StatusCode);
        var run = await ApiClient.ReadJsonAsync(synced);
        Assert.Equal((0, 1, id), (run.GetProperty("added").GetInt32(), run.GetProperty("updated").GetInt32(), run.GetProperty("source_id").GetString()));

        using var removed = await client.DeleteAsync(new Uri($"/api/sources/{id}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(0, await HitCountAsync(client, "zqapileave2"));
        using var again = await client.DeleteAsync(new Uri($"/api/sources/{id}", UriKind.Relative), TestContext.Current.CancellationToken);
        await ApiClient.ReadProblemAsync(again, 404, "not_found");
    }

    [Fact]
    public async Task SyncSource_SqliteFileGone_AnswersWithTheFailureAndKeepsTheRows()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        var database = Path.Combine(app.DataDirectory, "crm.db");
        using (var connection = new SqliteConnection($"Data Source={database};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "CREATE TABLE tickets (id TEXT, body TEXT); INSERT INTO tickets VALUES ('1', '打印机故障 zqapiprinter');";
            command.ExecuteNonQuery();
        }

        using var added = await ApiClient.PostJsonAsync(client, "/api/sources?sync=true", new { domain = "crm", kind = "sql", sql = new { provider = "sqlite", database, table = "tickets", key = new[] { "id" }, text = new[] { "body" } } });
        var id = (await ApiClient.ReadJsonAsync(added)).GetProperty("id").GetString()!;
        Assert.Equal(1, await HitCountAsync(client, "zqapiprinter"));
        File.Delete(database);

        using var synced = await client.PostAsync(new Uri($"/api/sources/{id}/sync", UriKind.Relative), null, TestContext.Current.CancellationToken);

        var problem = await ApiClient.ReadProblemAsync(synced, 404, "path_not_found");
        Assert.StartsWith($"sqlite:{database}/tickets: ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.Equal(1, await HitCountAsync(client, "zqapiprinter"));
    }

    [Theory]
    [InlineData("""{"domain":"hr","kind":"ftp"}""", 400, "invalid_argument")]
    [InlineData("""{"domain":"hr","kind":"files"}""", 400, "invalid_argument")]
    [InlineData("""{"domain":"hr","kind":"files","files":{"path":"/no/such/folder"}}""", 404, "path_not_found")]
    [InlineData("""{"domain":"crm","kind":"sql","sql":{"provider":"postgres","connection_env":"Host=db;Password=zqapisecret","table":"t","key":["id"]}}""", 400, "invalid_argument")]
    [InlineData("""{"domain":"web","kind":"web","web":{"urls":["https://ann:zqapisecret@example.com/"]}}""", 400, "invalid_argument")]
    [InlineData("""{"domain":"hr","kind":"files","files":"/tmp"}""", 400, "invalid_argument")]
    public async Task AddSource_BadDefinition_AnswersAProblemWithoutSecrets(string body, int status, string code)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/sources", body);

        var problem = await ApiClient.ReadProblemAsync(response, status, code);
        Assert.DoesNotContain("zqapisecret", problem.ToString(), StringComparison.Ordinal);
        using var list = await client.GetAsync(new Uri("/api/sources", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Empty((await ApiClient.ReadJsonAsync(list)).GetProperty("sources").EnumerateArray());
    }

    [Fact]
    public async Task SyncSource_Unknown_AnswersNotFound()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsync(new Uri("/api/sources/0123456789abcdef/sync", UriKind.Relative), null, TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(response, 404, "not_found");
    }

    [Fact]
    public async Task Domains_CreateUpdateRemove_RoundTrip()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var created = await ApiClient.PostJsonAsync(client, "/api/domains", new { name = "statutes", kind = "industry", weight = 2.0 });
        using var updated = await ApiClient.PostJsonAsync(client, "/api/domains", new { name = "statutes", kind = "business" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal(HttpStatusCode.OK, updated.StatusCode);
        var domain = await ApiClient.ReadJsonAsync(updated);
        Assert.Equal(("statutes", "business", 2.0), (domain.GetProperty("name").GetString(), domain.GetProperty("kind").GetString(), domain.GetProperty("weight").GetDouble()));
        var docs = WriteDocs(app, ("law.md", "# 劳动法\n\n法规条文 zqapilaw"));
        (await ApiClient.PostJsonAsync(client, "/api/sources?sync=true", new { domain = "statutes", kind = "files", files = new { path = docs } })).Dispose();
        Assert.Equal(1, await HitCountAsync(client, "zqapilaw"));

        using var removed = await client.DeleteAsync(new Uri("/api/domains/statutes", UriKind.Relative), TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        Assert.Equal(0, await HitCountAsync(client, "zqapilaw"));
        using var domains = await client.GetAsync(new Uri("/api/domains", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Empty((await ApiClient.ReadJsonAsync(domains)).GetProperty("domains").EnumerateArray());
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "indexes", "statutes")));
        using var again = await client.DeleteAsync(new Uri("/api/domains/statutes", UriKind.Relative), TestContext.Current.CancellationToken);
        await ApiClient.ReadProblemAsync(again, 404, "not_found");
    }

    [Theory]
    [InlineData("""{"kind":"industry"}""")]
    [InlineData("""{"name":"statutes"}""")]
    [InlineData("""{"name":"Bad Name","kind":"industry"}""")]
    [InlineData("""{"name":"notes-bob","kind":"personal"}""")]
    [InlineData("""{"name":"statutes","kind":"industry","weight":-1}""")]
    public async Task SaveDomain_BadBody_AnswersInvalidArgument(string body)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/domains", body);

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
    }

    [Fact]
    public async Task RemoveDomain_AnotherUsersPersonalDomain_AnswersNotFoundAndKeepsIt()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.PostJsonAsync(client, "/api/domains", new { name = "notes-bob", kind = "personal", owner = "bob" })).Dispose();

        using var response = await client.DeleteAsync(new Uri("/api/domains/notes-bob", UriKind.Relative), TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(response, 404, "not_found");
        // Still there, still hidden: it cannot be turned into a shared domain either.
        using var again = await ApiClient.PostJsonAsync(client, "/api/domains", new { name = "notes-bob", kind = "enterprise" });
        await ApiClient.ReadProblemAsync(again, 404, "not_found");
    }

    private static string WriteDocs(HunyuApp app, params (string Name, string Text)[] files)
    {
        var folder = Path.Combine(app.DataDirectory, "docs");
        Directory.CreateDirectory(folder);
        foreach (var (name, text) in files)
        {
            File.WriteAllText(Path.Combine(folder, name), text);
        }

        return folder;
    }

    private static async Task<int> HitCountAsync(HttpClient client, string query)
    {
        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query });
        return (await ApiClient.ReadJsonAsync(response)).GetProperty("hits").GetArrayLength();
    }
}
