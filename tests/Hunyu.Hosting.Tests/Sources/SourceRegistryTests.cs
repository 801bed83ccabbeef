using System.Text;
using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Hosting.Sources;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Tests.Connectors.Sql;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Data.Sqlite;

namespace Hunyu.Hosting.Tests.Sources;

/// <summary>
/// Stored sources (issue 3, item 8): a folder and a SQL table (SQLite file; PostgreSQL through the fixture) added,
/// synced, re-synced after edits and deletes, listed and removed; bad definitions refused; secrets never stored or shown.
/// </summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class SourceRegistryTests(PostgresServer server)
{
    private static readonly JsonSerializerOptions SnakeCase = new() { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };

    public static TheoryData<string> Providers => [SqlSourceSettings.Sqlite, SqlSourceSettings.Postgres];

    [Fact]
    public async Task AddSyncRemove_Folder_IsSearchableThenFollowsEditsThenLeavesNoTrace()
    {
        using var folder = new TestFolder();
        folder.Write("leave.md", "# 请假制度\n\n员工每年享有十五天带薪年假，编号 zqleave 。");
        folder.Write("travel.md", "# 差旅制度\n\n出差住宿按城市分级报销，编号 zqtravel 。");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var registry = new SourceRegistry(knowledge);

        var (source, stored) = await registry.AddAsync(Files("hr", folder.Source, allow: ["group:staff"]));

        Assert.Equal(("hr", "files", folder.Source), (source.Domain, source.Kind, source.Location));
        Assert.Equal(["group:staff"], stored.Allow);
        Assert.Empty(await knowledge.AllDocumentsAsync());
        var first = await registry.SyncAsync(source.Id);
        Assert.Equal((2, 0), (first.Report.Added, first.Report.Failed.Count));
        Assert.Single(await knowledge.SearchAsync("zqleave", new Principal("ann", ["staff"])));
        Assert.Empty(await knowledge.SearchAsync("zqleave", new Principal("bob", [])));

        folder.Write("leave.md", "# 请假制度\n\n年假改为二十天，编号 zqleave2 。");
        File.Delete(Path.Combine(folder.Source, "travel.md"));
        var second = await registry.SyncAsync(source.Id);
        Assert.Equal((0, 1, 0, 1), (second.Report.Added, second.Report.Updated, second.Report.Unchanged, second.Report.Deleted));
        Assert.Empty(await knowledge.SearchAsync("zqtravel"));
        Assert.Single(await knowledge.SearchAsync("zqleave2"));

        var listed = Assert.Single(await registry.ListAsync());
        Assert.Equal(JsonOf(stored), JsonOf(listed.Definition));
        Assert.Equal(1, listed.Summary.DocumentCount);

        var removed = await registry.RemoveAsync(source.Id);

        Assert.Equal(1, removed?.DocumentCount);
        Assert.Empty(await knowledge.SearchAsync("zqleave2"));
        Assert.Empty(await knowledge.AllDocumentsAsync());
        Assert.Empty(await registry.ListAsync());
        Assert.Null(await registry.RemoveAsync(source.Id));
        Assert.Equal(ErrorCode.NotFound, (await Assert.ThrowsAsync<HunyuException>(() => registry.SyncAsync(source.Id))).Error);
    }

    [Fact]
    public async Task RemoveAsync_SourceOfASharedDomain_KeepsTheOtherSourcesDocuments()
    {
        using var folder = new TestFolder();
        folder.Write("a/one.md", "# One\n\nfirst folder zqfirst");
        folder.Write("b/two.md", "# Two\n\nsecond folder zqsecond");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var registry = new SourceRegistry(knowledge);
        var first = (await registry.AddAsync(Files("docs", Path.Combine(folder.Source, "a")))).Source;
        var second = (await registry.AddAsync(Files("docs", Path.Combine(folder.Source, "b")))).Source;
        await registry.SyncAsync(first.Id);
        await registry.SyncAsync(second.Id);

        await registry.RemoveAsync(first.Id);

        Assert.Empty(await knowledge.SearchAsync("zqfirst"));
        Assert.Single(await knowledge.SearchAsync("zqsecond"));
        Assert.Equal(second.Id, Assert.Single(await registry.ListAsync()).Summary.Source.Id);
    }

    [Fact]
    public async Task AddSyncRemove_WebSite_KeepsCrawlStateWhileDefinedAndDeletesItWithTheSource()
    {
        await using var site = await StartSiteAsync(
            ("/", "<html><head><title>门户</title></head><body><main><p>企业门户首页 zqportal 。</p><a href=\"/leave\">请假</a></main></body></html>"),
            ("/leave", "<html><head><title>请假制度</title></head><body><main><p>员工每年享有十五天带薪年假 zqwebleave 。</p></main></body></html>"));
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var registry = new SourceRegistry(knowledge);
        var guarded = (await registry.AddAsync(Web(site.Url, allowLoopback: false))).Source;
        var refused = await registry.SyncAsync(guarded.Id);
        Assert.Equal((0, "address_not_allowed"), (refused.Report.Added, Assert.Single(refused.Report.Failed).Code));

        // Adding the same site again replaces the definition of the same source.
        var (source, stored) = await registry.AddAsync(Web(site.Url, allowLoopback: true));
        var result = await registry.SyncAsync(source.Id);

        Assert.Equal(guarded.Id, source.Id);
        Assert.Equal((SourceDefinition.WebKind, site.Url), (source.Kind, source.Location));
        Assert.Equal((2, 1000), (stored.Web?.Depth, stored.Web?.MaxPages));
        Assert.Equal(2, result.Report.Added);
        Assert.Equal(DomainKind.Internet, Assert.Single(await knowledge.ListDomainsAsync()).Domain.Kind);
        Assert.Single(await knowledge.SearchAsync("zqwebleave"));
        var state = knowledge.ConnectorStateDirectory(source.Id);
        Assert.True(File.Exists(Path.Combine(state, "state.json")));

        await registry.RemoveAsync(source.Id);

        Assert.False(Directory.Exists(state));
        Assert.Empty(await knowledge.SearchAsync("zqwebleave"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SyncAsync_SqlTable_FollowsRowUpdatesAndDeletesIncrementally(string provider)
    {
        using var folder = new TestFolder();
        var table = await CreateTicketsAsync(provider, folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var registry = new SourceRegistry(knowledge);

        var (source, stored) = await registry.AddAsync(Sql("crm", table));
        var first = await registry.SyncAsync(source.Id);

        Assert.Equal("sql", source.Kind);
        Assert.Equal(table.Location, source.Location);
        Assert.Equal((3, 0), (first.Report.Added, first.Report.Failed.Count));
        Assert.Single(await knowledge.SearchAsync("zqprinter"));
        Assert.Equal(DomainKind.Business, (await knowledge.ListDomainsAsync()).Single().Domain.Kind);

        await table.ExecuteAsync($"UPDATE {table.Name} SET body = '打印机已修复 zqfixed 。', updated_at = '2024-06-01 10:00:00' WHERE id = '1'");
        await table.ExecuteAsync($"DELETE FROM {table.Name} WHERE id = '2'");
        var second = await registry.SyncAsync(source.Id);

        Assert.Equal((0, 1, 1, 1), (second.Report.Added, second.Report.Updated, second.Report.Unchanged, second.Report.Deleted));
        Assert.Empty(await knowledge.SearchAsync("zqprinter"));
        Assert.Empty(await knowledge.SearchAsync("zqinvoice"));
        Assert.Single(await knowledge.SearchAsync("zqfixed"));
        Assert.Equal(JsonOf(stored), JsonOf((await registry.GetAsync(source.Id)).Definition));

        await registry.RemoveAsync(source.Id);
        Assert.Empty(await knowledge.SearchAsync("zqfixed"));
        Assert.Empty(await knowledge.AllDocumentsAsync());
    }

    [Fact]
    public async Task AddAsync_Postgres_StoresTheVariableNameAndNeverTheConnectionString()
    {
        using var folder = new TestFolder();
        var table = await CreateTicketsAsync(SqlSourceSettings.Postgres, folder);
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            var registry = new SourceRegistry(knowledge);
            var (source, stored) = await registry.AddAsync(Sql("crm", table));
            await registry.SyncAsync(source.Id);

            Assert.Equal(table.Variable, stored.Sql?.ConnectionEnv);
            Assert.Equal(table.Variable, (await registry.ListAsync()).Single().Definition?.Sql?.ConnectionEnv);
            var json = (await knowledge.GetSourceAsync(source.Id))?.Definition;
            Assert.Contains($"\"connection_env\":\"{table.Variable}\"", json, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Password, json, StringComparison.Ordinal);
        }

        SqliteConnection.ClearAllPools();
        foreach (var file in Directory.GetFiles(folder.Data, "hunyu.db*"))
        {
            Assert.DoesNotContain(server.Password, Encoding.UTF8.GetString(File.ReadAllBytes(file)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task AddAsync_PostgresWrongPassword_FailsNamingTheSourceNotTheSecretAndStoresNothing()
    {
        Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? string.Empty);
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var variable = "HUNYU_TEST_PG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, server.ConnectionString(password: wrong));
        var definition = new SourceDefinition
        {
            Domain = "crm",
            Kind = SourceDefinition.SqlKind,
            Sql = new SqlSourceSettings { Provider = SqlSourceSettings.Postgres, ConnectionEnv = variable, Table = "tickets", Key = ["id"] },
        };

        var error = await Assert.ThrowsAsync<HunyuException>(() => new SourceRegistry(knowledge).AddAsync(definition));

        Assert.Equal(ErrorCode.SourceUnavailable, error.Error);
        Assert.StartsWith($"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/tickets: ", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(wrong, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await knowledge.ListSourcesAsync());
    }

    [Fact]
    public async Task SyncAsync_ConnectionVariableNowPointsElsewhere_IsRefusedBeforeConnecting()
    {
        using var folder = new TestFolder();
        var table = await CreateTicketsAsync(SqlSourceSettings.Postgres, folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var registry = new SourceRegistry(knowledge);
        var source = (await registry.AddAsync(Sql("crm", table))).Source;
        Environment.SetEnvironmentVariable(table.Variable!, server.ConnectionString(port: server.Port + 1));

        var error = await Assert.ThrowsAsync<HunyuException>(() => registry.SyncAsync(source.Id));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains($"now points at postgres://127.0.0.1:{server.Port + 1}/", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, error.Message, StringComparison.Ordinal);
        Assert.Empty(await knowledge.AllDocumentsAsync());
    }

    [Fact]
    public async Task SyncAsync_ConnectionVariableUnset_FailsNamingTheVariable()
    {
        using var folder = new TestFolder();
        var table = await CreateTicketsAsync(SqlSourceSettings.Postgres, folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var registry = new SourceRegistry(knowledge);
        var source = (await registry.AddAsync(Sql("crm", table))).Source;
        Environment.SetEnvironmentVariable(table.Variable!, null);

        var error = await Assert.ThrowsAsync<HunyuException>(() => registry.SyncAsync(source.Id));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Equal($"postgres source: the environment variable {table.Variable} is not set; set it to the connection string (it is never stored)", error.Message);
    }

    [Fact]
    public async Task SyncAsync_SourceIngestedDirectly_SaysItHasNoDefinition()
    {
        using var folder = new TestFolder();
        folder.Write("a.md", "# A\n\ntext");
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var ingested = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "docs" });
        var registry = new SourceRegistry(knowledge);

        var error = await Assert.ThrowsAsync<HunyuException>(() => registry.SyncAsync(ingested.Source.Id));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("has no stored definition", error.Message, StringComparison.Ordinal);
        Assert.Null(Assert.Single(await registry.ListAsync()).Definition);

        // Adding the same folder later attaches a definition to the existing source: same id, documents kept.
        var added = await registry.AddAsync(Files("docs", folder.Source));
        Assert.Equal(ingested.Source.Id, added.Source.Id);
        Assert.Equal((0, 1), ((await registry.SyncAsync(added.Source.Id)).Report.Added, (await knowledge.AllDocumentsAsync()).Count));
    }

    public static TheoryData<string, string, string> BadDefinitions => new()
    {
        { """{"domain":"Bad Name","kind":"files","files":{"path":"."}}""", "invalid_argument", "domain 'Bad Name': use 1-64 characters" },
        { """{"domain":"docs","kind":"ftp"}""", "invalid_argument", "source kind 'ftp': use files, sql or web" },
        { """{"domain":"docs","kind":"files"}""", "invalid_argument", "files source: give the folder or file to read" },
        { """{"domain":"docs","kind":"files","files":{"path":"."},"web":{"urls":["https://example.com/"]}}""", "invalid_argument", "a files source takes no web settings" },
        { """{"domain":"docs","kind":"files","files":{"path":"/no/such/folder"}}""", "path_not_found", "/no/such/folder: no such file or folder" },
        { """{"domain":"docs","kind":"files","files":{"path":"a\u0000b"}}""", "invalid_argument", "files source: 'a b' is not a valid path" },
        { """{"domain":"docs","kind":"files","files":{"path":"."},"allow":["everyone"]}""", "invalid_argument", "ACL entry 'everyone'" },
        { """{"domain":"crm","kind":"sql","sql":{"provider":"mysql"}}""", "invalid_argument", "provider 'mysql': use sqlite or postgres" },
        { """{"domain":"crm","kind":"sql","sql":{"provider":"sqlite","connection_env":"X","table":"t","key":["id"]}}""", "invalid_argument", "sqlite source: give the database file" },
        { """{"domain":"crm","kind":"sql","sql":{"provider":"postgres","database":"crm.db","table":"t","key":["id"]}}""", "invalid_argument", "postgres source: give --connection-env VAR" },
        { """{"domain":"crm","kind":"sql","sql":{"provider":"sqlite","database":"crm.db","table":"t"}}""", "invalid_argument", "give the column or columns that identify a row" },
        { """{"domain":"crm","kind":"sql","sql":{"provider":"sqlite","database":"crm.db","key":["id"]}}""", "invalid_argument", "give a table or a query" },
        { """{"domain":"web","kind":"web","web":{"urls":["ftp://example.com/"]}}""", "invalid_argument", "'ftp://example.com/'" },
        { """{"domain":"web","kind":"web","web":{"urls":["https://example.com/"],"depth":99}}""", "invalid_argument", "MaxDepth is 99" },
        { """{"domain":"docs","kind":"files","files":{"path":"."},"governance":["quality=maybe"]}""", "invalid_argument", "'quality=maybe': use KIND=ACTION" },
    };

    [Fact]
    public async Task SyncAsync_SourceWithItsOwnGovernance_UsesItWhileOtherSourcesKeepTheDefaults()
    {
        using var strict = new TestFolder();
        strict.Write("note.txt", "好");
        strict.Write("leave.md", "# 请假制度\n\n员工每年享有十五天带薪年假，编号 zqleave 。");
        using var lenient = new TestFolder();
        lenient.Write("note.txt", "好");
        using var knowledge = KnowledgeBase.Open(strict.Data);
        var registry = new SourceRegistry(knowledge);

        var (source, stored) = await registry.AddAsync(Files("hr", strict.Source) with { Governance = ["Quality = DROP", "near=report"] });
        var (other, _) = await registry.AddAsync(Files("notes", lenient.Source));
        var synced = await registry.SyncAsync(source.Id);
        var defaults = await registry.SyncAsync(other.Id);

        Assert.Equal(["quality=drop", "near=report"], stored.Governance);
        Assert.Equal(JsonOf(stored), JsonOf(Assert.Single(await registry.ListAsync(), s => s.Summary.Source.Id == source.Id).Definition));
        var dropped = Assert.Single(synced.Governance.Dropped);
        Assert.Equal(("quality", "note.txt"), (dropped.Step, dropped.Key));
        Assert.Equal(1, synced.Report.Added);
        Assert.Empty(defaults.Governance.Dropped);
        Assert.Equal(("quality", 1), (Assert.Single(defaults.Governance.Flagged).Step, defaults.Report.Added));
    }

    [Theory]
    [MemberData(nameof(BadDefinitions))]
    public async Task AddAsync_BadDefinition_IsRefusedWithOneLineAndNothingStored(string json, string code, string fragment)
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var definition = JsonSerializer.Deserialize<SourceDefinition>(json, SnakeCase)!;

        var error = await Assert.ThrowsAsync<HunyuException>(() => new SourceRegistry(knowledge).AddAsync(definition));

        Assert.Equal(code, error.Error.Code);
        Assert.Contains(fragment, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
        Assert.Empty(await knowledge.ListSourcesAsync());
    }

    [Fact]
    public async Task AddAsync_JsonWithNullLists_StoresThemEmpty()
    {
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var json = $$$"""{"domain":"docs","kind":"files","allow":null,"deny":null,"files":{"path":{{{JsonSerializer.Serialize(folder.Source)}}},"include":null,"exclude":null}}""";

        var (_, stored) = await new SourceRegistry(knowledge).AddAsync(JsonSerializer.Deserialize<SourceDefinition>(json, SnakeCase)!);

        Assert.Equal(["*"], stored.Allow);
        Assert.Equal((0, 0, 0), (stored.Deny.Count, stored.Files!.Include.Count, stored.Files.Exclude.Count));
    }

    [Theory]
    [InlineData("connection string as the variable name")]
    [InlineData("connection string as the database file")]
    [InlineData("credentials in a URL")]
    public async Task AddAsync_SecretGivenInPlaceOfANameOrPath_IsRefusedWithoutRepeatingIt(string mistake)
    {
        const string Secret = "zqsecretpw";
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var definition = mistake switch
        {
            "connection string as the variable name" => new SourceDefinition { Domain = "crm", Kind = "sql", Sql = new() { Provider = "postgres", ConnectionEnv = $"Host=db;Password={Secret}", Table = "t", Key = ["id"] } },
            "connection string as the database file" => new SourceDefinition { Domain = "crm", Kind = "sql", Sql = new() { Provider = "sqlite", Database = $"Data Source=x;Password={Secret}", Table = "t", Key = ["id"] } },
            _ => new SourceDefinition { Domain = "web", Kind = "web", Web = new() { Urls = [$"https://ann:{Secret}@example.com/"] } },
        };

        var error = await Assert.ThrowsAsync<HunyuException>(() => new SourceRegistry(knowledge).AddAsync(definition));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.Empty(await knowledge.ListSourcesAsync());
    }

    private static SourceDefinition Web(string url, bool allowLoopback) =>
        new() { Domain = "portal", Kind = SourceDefinition.WebKind, Web = new WebSourceSettings { Urls = [url], AllowLoopback = allowLoopback } };

    /// <summary>A small site on 127.0.0.1 serving <paramref name="pages"/> as HTML.</summary>
    private static async Task<Site> StartSiteAsync(params (string Path, string Html)[] pages)
    {
        var byPath = pages.ToDictionary(p => p.Path, p => p.Html, StringComparer.Ordinal);
        var (app, address) = await LoopbackApp.StartAsync(routes => routes.Run(async context =>
        {
            if (!byPath.TryGetValue(context.Request.Path.Value ?? "/", out var html))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                return;
            }

            context.Response.ContentType = "text/html; charset=utf-8";
            await context.Response.WriteAsync(html);
        }));
        return new Site(app, address + "/");
    }

    /// <summary>Definitions hold lists, so records compare them by reference; their JSON compares their content.</summary>
    private static string JsonOf(SourceDefinition? definition) => JsonSerializer.Serialize(definition, SnakeCase);

    private static SourceDefinition Files(string domain, string path, IReadOnlyList<string>? allow = null) =>
        new() { Domain = domain, Kind = SourceDefinition.FilesKind, Allow = allow ?? [], Files = new FileSourceSettings { Path = path } };

    private static SourceDefinition Sql(string domain, TicketTable table) => new()
    {
        Domain = domain,
        Kind = SourceDefinition.SqlKind,
        Sql = new SqlSourceSettings
        {
            Provider = table.Provider,
            Database = table.Provider == SqlSourceSettings.Sqlite ? table.File : null,
            ConnectionEnv = table.Provider == SqlSourceSettings.Postgres ? table.Variable : null,
            Table = table.Name,
            Key = ["id"],
            Title = "subject",
            Text = ["body"],
            Updated = "updated_at",
        },
    };

    private async Task<TicketTable> CreateTicketsAsync(string provider, TestFolder folder)
    {
        TicketTable table;
        if (provider == SqlSourceSettings.Sqlite)
        {
            var file = Path.Combine(folder.Source, "crm.db");
            table = new TicketTable(provider, "tickets", file, null, $"Data Source={file};Pooling=False", $"sqlite:{file}/tickets");
        }
        else
        {
            Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? string.Empty);
            var name = PostgresServer.NewTableName("tickets");
            var variable = "HUNYU_TEST_PG_" + Guid.NewGuid().ToString("N");
            Environment.SetEnvironmentVariable(variable, server.ConnectionString());
            table = new TicketTable(provider, name, null, variable, server.ConnectionString(), $"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/{name}");
        }

        await table.ExecuteAsync($"CREATE TABLE {table.Name} (id text, subject text, body text, updated_at timestamp)");
        await table.ExecuteAsync(
            $"""
            INSERT INTO {table.Name} VALUES
            ('1', '打印机无法连接网络', '三楼的打印机无法连接网络，编号 zqprinter 。', '2024-05-01 08:30:00'),
            ('2', '发票抬头错误', '客户反馈发票抬头错误，编号 zqinvoice 。', '2024-05-02 09:00:00'),
            ('3', '合同续签', '客户询问合同续签流程，编号 zqcontract 。', '2024-05-03 10:00:00')
            """);
        return table;
    }

    /// <summary>A running test site and its root URL.</summary>
    private sealed record Site(WebApplication App, string Url) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync()
        {
            await App.StopAsync();
            await App.DisposeAsync();
        }
    }

    /// <summary>A test table of either provider; a PostgreSQL one is reached through the environment variable <see cref="Variable"/>.</summary>
    private sealed record TicketTable(string Provider, string Name, string? File, string? Variable, string ConnectionString, string Location)
    {
        public async Task ExecuteAsync(string sql)
        {
            await using System.Data.Common.DbConnection connection = Provider == SqlSourceSettings.Sqlite
                ? new SqliteConnection(ConnectionString)
                : new Npgsql.NpgsqlConnection(ConnectionString);
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = sql;
            await command.ExecuteNonQueryAsync();
        }
    }
}
