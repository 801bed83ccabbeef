using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu sources add|sync|list|remove</c> and <c>hunyu domains add|list|remove</c> through the entry point (issue 3, item 8).</summary>
public sealed class CliSourcesTests
{
    [Fact]
    public async Task SourcesAddSyncListRemove_Folder_RoundTripsAndSearchFollows()
    {
        using var folder = new TestFolder();
        var docs = Path.GetDirectoryName(folder.Write("docs/leave.md", "# 请假制度\n\n员工每年享有十五天带薪年假，编号 zqcalleave 。"))!;

        var added = (await Cli.RunAsync(folder, "sources", "add", docs, "--domain", "hr", "--kind", "files", "--include", "**/*.md", "--sync", "--json")).AssertSuccess().Json();

        var id = added.GetProperty("id").GetString()!;
        Assert.Matches("^[0-9a-f]{16}$", id);
        Assert.Equal(("hr", "files", docs), (added.GetProperty("domain").GetString(), added.GetProperty("kind").GetString(), added.GetProperty("location").GetString()));
        Assert.Equal("**/*.md", added.GetProperty("definition").GetProperty("files").GetProperty("include")[0].GetString());
        Assert.Equal(1, added.GetProperty("sync").GetProperty("added").GetInt32());
        Assert.Single(Hits(await Cli.RunAsync(folder, "search", "zqcalleave", "--json")));

        foreach (var listing in new[] { new[] { "sources", "--json" }, ["sources", "list", "--domain", "hr", "--json"] })
        {
            var source = Assert.Single((await Cli.RunAsync(folder, listing)).AssertSuccess().Json().GetProperty("sources").EnumerateArray());
            Assert.Equal(id, source.GetProperty("id").GetString());
            Assert.True(source.GetProperty("defined").GetBoolean());
            Assert.Equal(1, source.GetProperty("document_count").GetInt32());
            Assert.Equal(docs, source.GetProperty("definition").GetProperty("files").GetProperty("path").GetString());
        }

        folder.Write("docs/leave.md", "# 请假制度\n\n年假改为二十天，编号 zqcalleave2 。");
        var synced = (await Cli.RunAsync(folder, "sources", "sync", id, "--json")).AssertSuccess().Json();
        var run = Assert.Single(synced.GetProperty("sources").EnumerateArray()).GetProperty("run");
        Assert.Equal((0, 1), (run.GetProperty("added").GetInt32(), run.GetProperty("updated").GetInt32()));
        Assert.Equal(1, synced.GetProperty("synced").GetInt32());

        var removed = (await Cli.RunAsync(folder, "sources", "remove", id, "--json")).AssertSuccess().Json();
        Assert.Equal((id, 1), (removed.GetProperty("removed").GetString(), removed.GetProperty("documents").GetInt32()));
        Assert.Empty(Hits(await Cli.RunAsync(folder, "search", "zqcalleave2", "--json")));
        Assert.Equal(0, (await Cli.RunAsync(folder, "sources", "--json")).AssertSuccess().Json().GetProperty("count").GetInt32());
        (await Cli.RunAsync(folder, "sources", "remove", id)).AssertError(3, "not_found");
    }

    [Fact]
    public async Task SourcesAdd_Governance_IsStoredAndUsedBySyncs()
    {
        using var folder = new TestFolder();
        var docs = Path.GetDirectoryName(folder.Write("docs/note.txt", "好"))!;

        var added = (await Cli.RunAsync(folder, "sources", "add", docs, "--domain", "hr", "--kind", "files", "--governance", "quality=drop", "--sync", "--json")).AssertSuccess().Json();

        Assert.Equal(["quality=drop"], added.GetProperty("definition").GetProperty("governance").EnumerateArray().Select(v => v.GetString()));
        Assert.Equal(0, added.GetProperty("sync").GetProperty("added").GetInt32());
        Assert.Equal(1, added.GetProperty("sync").GetProperty("governance").GetProperty("dropped").GetInt32());
        (await Cli.RunAsync(folder, "sources", "add", docs, "--domain", "hr", "--kind", "files", "--governance", "quality=maybe")).AssertError(2, "invalid_argument");
    }

    [Fact]
    public async Task SourcesSync_SqliteTableAfterUpdateAndDelete_SyncsIncrementally()
    {
        using var folder = new TestFolder();
        var database = CreateTickets(folder, "crm.db");
        var id = AddedId(await Cli.RunAsync(folder, "sources", "add", "--domain", "crm", "--kind", "sql", "--provider", "sqlite", "--database", database,
            "--table", "tickets", "--key", "id", "--title", "subject", "--text", "body", "--updated", "updated_at", "--sync", "--json"));
        Assert.Single(Hits(await Cli.RunAsync(folder, "search", "zqclprinter", "--json")));

        Execute(database, "UPDATE tickets SET body = '打印机已修复 zqclfixed', updated_at = '2024-06-01' WHERE id = '1'; DELETE FROM tickets WHERE id = '2';");
        var synced = (await Cli.RunAsync(folder, "sources", "sync", "--all", "--json")).AssertSuccess().Json();

        var run = Assert.Single(synced.GetProperty("sources").EnumerateArray()).GetProperty("run");
        Assert.Equal(id, run.GetProperty("source_id").GetString());
        Assert.Equal((0, 1, 1, 1), (run.GetProperty("added").GetInt32(), run.GetProperty("updated").GetInt32(), run.GetProperty("unchanged").GetInt32(), run.GetProperty("deleted").GetInt32()));
        Assert.Empty(Hits(await Cli.RunAsync(folder, "search", "zqclprinter", "--json")));
        Assert.Empty(Hits(await Cli.RunAsync(folder, "search", "zqclinvoice", "--json")));
        Assert.Single(Hits(await Cli.RunAsync(folder, "search", "zqclfixed", "--json")));
    }

    [Fact]
    public async Task SourcesSyncAll_OneSourceBroken_SyncsTheOthersAndExitsWithPartialFailure()
    {
        using var folder = new TestFolder();
        var good = CreateTickets(folder, "good.db");
        var broken = CreateTickets(folder, "broken.db");
        foreach (var database in new[] { good, broken })
        {
            AddedId(await Cli.RunAsync(folder, "sources", "add", "--domain", "crm", "--kind", "sql", "--provider", "sqlite", "--database", database, "--table", "tickets", "--key", "id", "--json"));
        }

        SqliteConnection.ClearAllPools();
        File.Delete(broken);
        var result = await Cli.RunAsync(folder, "sources", "sync", "--all", "--json");

        Assert.Equal(4, result.ExitCode);
        var sources = result.Json().GetProperty("sources").EnumerateArray().ToList();
        Assert.Equal(2, sources.Count);
        var runs = sources.Select(s => s.GetProperty("run")).ToDictionary(r => r.GetProperty("source").GetString()!);
        Assert.Equal(3, runs[$"sqlite:{good}/tickets"].GetProperty("added").GetInt32());
        Assert.Equal("path_not_found", runs[$"sqlite:{broken}/tickets"].GetProperty("failed")[0].GetProperty("code").GetString());
        Assert.Contains(result.ErrorLines, line => line.StartsWith("failed [path_not_found]: ", StringComparison.Ordinal));
        Assert.Single(Hits(await Cli.RunAsync(folder, "search", "zqclprinter", "--json")));
    }

    [Fact]
    public async Task SourcesAdd_PostgresSecrets_NeverAppearInErrorsOrOutput()
    {
        const string Password = "zqclisecretpw";
        using var folder = new TestFolder();
        var variable = "HUNYU_CLI_TEST_PG_" + Guid.NewGuid().ToString("N");
        Environment.SetEnvironmentVariable(variable, $"Host=127.0.0.1;Port=1;Database=crm;Username=reader;Password={Password};Timeout=2");

        var unreachable = await Cli.RunAsync(folder, "sources", "add", "--domain", "crm", "--kind", "sql", "--provider", "postgres", "--connection-env", variable, "--table", "tickets", "--key", "id", "--json");
        var pasted = await Cli.RunAsync(folder, "sources", "add", "--domain", "crm", "--kind", "sql", "--provider", "postgres", "--connection-env", $"Host=db;Password={Password}", "--table", "tickets", "--key", "id");
        var asFile = await Cli.RunAsync(folder, "sources", "add", "--domain", "crm", "--kind", "sql", "--provider", "sqlite", "--database", $"Data Source=x;Password={Password}", "--table", "tickets", "--key", "id");

        Assert.StartsWith("error [source_unavailable]: postgres://127.0.0.1:1/crm/tickets: ", unreachable.AssertError(5, "source_unavailable"), StringComparison.Ordinal);
        pasted.AssertError(2, "invalid_argument");
        asFile.AssertError(2, "invalid_argument");
        var listed = await Cli.RunAsync(folder, "sources", "--json");
        foreach (var result in new[] { unreachable, pasted, asFile, listed })
        {
            Assert.DoesNotContain(Password, result.Output + result.Error, StringComparison.Ordinal);
        }

        Assert.Equal(0, listed.Json().GetProperty("count").GetInt32());
    }

    [Theory]
    [InlineData("more than one path", "error [invalid_argument]: --kind files takes one folder or file; got 2")]
    [InlineData("option of another kind", "error [invalid_argument]: --table applies to --kind sql, not files")]
    [InlineData("unknown kind", "error [invalid_argument]: Argument 'ftp' not recognized. Must be one of:")]
    [InlineData("missing domain", "error [invalid_argument]: Option '--domain' is required.")]
    [InlineData("sql without key", "error [invalid_argument]: sql source 'tickets': give the column or columns that identify a row")]
    [InlineData("missing folder", "error [path_not_found]: ")]
    public async Task SourcesAdd_BadDefinition_IsRefusedWithOneLine(string mistake, string expected)
    {
        using var folder = new TestFolder();
        var docs = Path.GetDirectoryName(folder.Write("docs/a.md", "# A\n\ntext"))!;
        string[] args = mistake switch
        {
            "more than one path" => ["sources", "add", docs, docs, "--domain", "hr", "--kind", "files"],
            "option of another kind" => ["sources", "add", docs, "--domain", "hr", "--kind", "files", "--table", "tickets"],
            "unknown kind" => ["sources", "add", docs, "--domain", "hr", "--kind", "ftp"],
            "missing domain" => ["sources", "add", docs, "--kind", "files"],
            "sql without key" => ["sources", "add", "--domain", "crm", "--kind", "sql", "--provider", "sqlite", "--database", "crm.db", "--table", "tickets"],
            _ => ["sources", "add", Path.Combine(folder.Root, "missing"), "--domain", "hr", "--kind", "files"],
        };

        var result = await Cli.RunAsync(folder, args);

        Assert.NotEqual(0, result.ExitCode);
        Assert.StartsWith(expected, result.ErrorLines[0], StringComparison.Ordinal);
        Assert.Equal(0, (await Cli.RunAsync(folder, "sources", "--json")).AssertSuccess().Json().GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task SourcesSync_NeitherIdsNorAll_IsRefused()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "sources", "sync")).AssertError(2, "invalid_argument");
        (await Cli.RunAsync(folder, "sources", "sync", "0123456789abcdef")).AssertError(3, "not_found");
    }

    [Fact]
    public async Task DomainsAddListRemove_RoundTrip()
    {
        using var folder = new TestFolder();
        var docs = Path.GetDirectoryName(folder.Write("docs/a.md", "# A\n\n法规条文 zqcllaw"))!;

        var created = (await Cli.RunAsync(folder, "domains", "add", "statutes", "--kind", "industry", "--weight", "2", "--json")).AssertSuccess().Json();
        var updated = (await Cli.RunAsync(folder, "domains", "add", "statutes", "--kind", "business", "--json")).AssertSuccess().Json();
        var personal = await Cli.RunAsync(folder, "domains", "add", "notes-ann", "--kind", "personal");
        AddedId(await Cli.RunAsync(folder, "sources", "add", docs, "--domain", "statutes", "--kind", "files", "--sync", "--json"));

        Assert.True(created.GetProperty("created").GetBoolean());
        Assert.Equal(("business", 2.0, false), (updated.GetProperty("kind").GetString(), updated.GetProperty("weight").GetDouble(), updated.GetProperty("created").GetBoolean()));
        Assert.Contains("a personal domain needs its owner", personal.AssertError(2, "invalid_argument"), StringComparison.Ordinal);
        var listed = (await Cli.RunAsync(folder, "domains", "list", "--json")).AssertSuccess().Json();
        Assert.Equal(listed.ToString(), (await Cli.RunAsync(folder, "domains", "--json")).AssertSuccess().Json().ToString());
        var domain = Assert.Single(listed.GetProperty("domains").EnumerateArray());
        Assert.Equal(("statutes", 1, 1), (domain.GetProperty("name").GetString(), domain.GetProperty("document_count").GetInt32(), domain.GetProperty("sources").GetInt32()));

        var removed = (await Cli.RunAsync(folder, "domains", "remove", "statutes", "--json")).AssertSuccess().Json();

        Assert.Equal((1, 1), (removed.GetProperty("sources").GetInt32(), removed.GetProperty("documents").GetInt32()));
        Assert.Equal(0, (await Cli.RunAsync(folder, "domains", "--json")).AssertSuccess().Json().GetProperty("count").GetInt32());
        Assert.Equal(0, (await Cli.RunAsync(folder, "sources", "--json")).AssertSuccess().Json().GetProperty("count").GetInt32());
        Assert.Empty(Hits(await Cli.RunAsync(folder, "search", "zqcllaw", "--json")));
        Assert.False(Directory.Exists(Path.Combine(folder.Data, "indexes", "statutes")));
        (await Cli.RunAsync(folder, "domains", "remove", "statutes")).AssertError(3, "not_found");
    }

    private static string AddedId(CliResult result) => result.AssertSuccess().Json().GetProperty("id").GetString()!;

    private static List<JsonElement> Hits(CliResult result) => [.. result.AssertSuccess().Json().GetProperty("hits").EnumerateArray()];

    private static string CreateTickets(TestFolder folder, string name)
    {
        var path = Path.Combine(folder.Root, name);
        Execute(path, """
            CREATE TABLE tickets (id TEXT, subject TEXT, body TEXT, updated_at TEXT);
            INSERT INTO tickets VALUES
            ('1', '打印机', '三楼打印机无法连接网络 zqclprinter', '2024-05-01'),
            ('2', '发票', '发票抬头错误 zqclinvoice', '2024-05-02'),
            ('3', '合同', '合同续签流程 zqclcontract', '2024-05-03');
            """);
        return path;
    }

    private static void Execute(string database, string sql)
    {
        using var connection = new SqliteConnection($"Data Source={database};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
