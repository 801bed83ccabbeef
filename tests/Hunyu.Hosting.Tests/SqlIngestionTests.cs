using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Connectors.Sql;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Tests.Connectors.Sql;
using Microsoft.Data.Sqlite;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// Business-system rows through the whole pipeline (issue 3, item 2): a SQLite file and a PostgreSQL table ingested into
/// a business domain, searched, filtered by field, re-synced after edits and deletes, and failing without data loss.
/// </summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class SqlIngestionTests(PostgresServer server)
{
    private const string DomainName = "crm";

    public static TheoryData<SqlProvider> Providers => [SqlProvider.Sqlite, SqlProvider.Postgres];

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestAsync_Table_RowsBecomeSearchableDocumentsWithFieldMetadata(SqlProvider provider)
    {
        using var folder = new TestFolder();
        var database = CreateTickets(provider, folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(Request(database));

        Assert.Empty(result.Report.Failed);
        Assert.Equal(3, result.Report.Added);
        Assert.Equal("sql", result.Source.Kind);
        Assert.Equal(database.Location, result.Source.Location);
        var hit = Assert.Single(await knowledge.SearchAsync("zqprinter"));
        Assert.Equal($"{database.Table}#1", hit.DocumentKey);
        Assert.Equal("打印机无法连接网络", hit.Title);
        Assert.Equal(DomainName, hit.Domain);
        Assert.Equal($"{database.Location}#1", hit.Uri);
        Assert.Contains("三楼的打印机", hit.Text, StringComparison.Ordinal);
        var chinese = await knowledge.SearchAsync("发票抬头");
        Assert.Equal($"{database.Table}#2", chinese[0].DocumentKey);

        // Every field stays structured: shown with the document and filterable in search.
        var document = await knowledge.GetDocumentAsync(hit.DocumentId, Principal.LocalAdmin, TestContext.Current.CancellationToken);
        Assert.NotNull(document);
        Assert.Equal("open", document.Metadata["status"]);
        Assert.Equal("3", document.Metadata["priority"]);
        Assert.Equal("华东", document.Metadata["region"]);
        var open = await knowledge.SearchAsync(new SearchRequest
        {
            Query = "客户",
            Principal = Principal.LocalAdmin,
            Metadata = new Dictionary<string, string> { ["status"] = "open", ["region"] = "华东" },
        }, TestContext.Current.CancellationToken);
        Assert.Equal([$"{database.Table}#1", $"{database.Table}#2"], open.Hits.Select(h => h.DocumentKey).Distinct().Order(StringComparer.Ordinal));
        var domains = await knowledge.ListDomainsAsync(TestContext.Current.CancellationToken);
        Assert.Equal(DomainKind.Business, domains.Single(d => d.Domain.Name == DomainName).Domain.Kind);
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestAsync_RowsChangedSinceLastSync_AreUpdatedAndTheRestUnchanged(SqlProvider provider)
    {
        using var folder = new TestFolder();
        var database = CreateTickets(provider, folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(database));

        // Nothing changed: every row is read again, none is re-indexed.
        var same = await knowledge.IngestAsync(Request(database));
        Assert.Equal((0, 0, 3, 0, 0), (same.Report.Added, same.Report.Updated, same.Report.Unchanged, same.Report.Deleted, same.Report.Chunks));

        // A row edited with a newer updated_at is re-indexed; the old text is gone.
        database.Execute($"UPDATE {database.Table} SET body = '打印机已修复，编号 zqfixed 。', updated_at = '2024-06-01 10:00:00' WHERE id = '1'");
        var edited = await knowledge.IngestAsync(Request(database));
        Assert.Equal((0, 1, 2, 0), (edited.Report.Added, edited.Report.Updated, edited.Report.Unchanged, edited.Report.Deleted));
        Assert.Empty(await knowledge.SearchAsync("zqprinter"));
        var hit = Assert.Single(await knowledge.SearchAsync("zqfixed"));
        Assert.Equal(2, (await knowledge.GetDocumentAsync(hit.DocumentId, Principal.LocalAdmin, TestContext.Current.CancellationToken))!.Version);

        // An edit that forgot to bump updated_at is still picked up: correctness never rests on the version column.
        database.Execute($"UPDATE {database.Table} SET body = '合同已续签，编号 zqsilent 。' WHERE id = '3'");
        var silent = await knowledge.IngestAsync(Request(database));
        Assert.Equal((0, 1, 2), (silent.Report.Added, silent.Report.Updated, silent.Report.Unchanged));
        Assert.Single(await knowledge.SearchAsync("zqsilent"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestAsync_RowDeletedAndRowInserted_AreRemovedAndAddedOnNextSync(SqlProvider provider)
    {
        using var folder = new TestFolder();
        var database = CreateTickets(provider, folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(database));
        Assert.Single(await knowledge.SearchAsync("zqinvoice"));

        database.Execute($"DELETE FROM {database.Table} WHERE id = '2'");
        database.Execute($"INSERT INTO {database.Table} VALUES ('4', '新客户咨询', '新客户咨询报价，编号 zqnewrow 。', 'open', 1, '华南', '2024-06-02 09:00:00')");
        var result = await knowledge.IngestAsync(Request(database));

        Assert.Empty(result.Report.Failed);
        Assert.Equal((1, 0, 2, 1), (result.Report.Added, result.Report.Updated, result.Report.Unchanged, result.Report.Deleted));
        Assert.Empty(await knowledge.SearchAsync("zqinvoice"));
        Assert.Single(await knowledge.SearchAsync("zqnewrow"));
        Assert.Equal(
            [$"{database.Table}#1", $"{database.Table}#3", $"{database.Table}#4"],
            (await knowledge.AllDocumentsAsync(DomainName)).Select(d => d.Key).Order(StringComparer.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestAsync_BadRow_IsReportedAndTheOtherRowsAreIngested(SqlProvider provider)
    {
        using var folder = new TestFolder();
        var database = CreateTickets(provider, folder);
        database.Execute($"INSERT INTO {database.Table} VALUES (NULL, '无编号', '没有编号的工单 zqnokey 。', 'open', 1, '华北', '2024-05-05 00:00:00')");
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(Request(database));

        Assert.Equal(3, result.Report.Added);
        var failure = Assert.Single(result.Report.Failed);
        Assert.Equal(database.Table, failure.Input);
        Assert.Equal("corrupt_input", failure.Code);
        Assert.Equal($"{database.Table}: row 4: key column 'id' is NULL", failure.Reason);
        Assert.Empty(await knowledge.SearchAsync("zqnokey"));
        Assert.Single(await knowledge.SearchAsync("zqprinter"));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestAsync_SourceUnreachable_ReportsARedactedFailureAndKeepsTheIndexedRows(SqlProvider provider)
    {
        using var folder = new TestFolder();
        var database = CreateTickets(provider, folder);
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(Request(database));
        string wrongPassword = "wrong-" + Guid.NewGuid().ToString("N");
        SqlConnector broken;
        if (provider == SqlProvider.Sqlite)
        {
            SqliteConnection.ClearAllPools();
            File.Delete(database.Path!);
            broken = database.Connector();
        }
        else
        {
            broken = database.Connector(server.ConnectionString(password: wrongPassword));
        }

        var result = await knowledge.IngestAsync(new IngestionRequest { Connector = broken, Domain = DomainName, Kind = DomainKind.Business });

        var failure = Assert.Single(result.Report.Failed);
        Assert.Equal(database.Table, failure.Input);
        Assert.Equal(provider == SqlProvider.Sqlite ? "path_not_found" : "source_unavailable", failure.Code);
        Assert.StartsWith(database.Location + ": ", failure.Reason, StringComparison.Ordinal);
        Assert.Equal((0, 0, 0), (result.Report.Added, result.Report.Updated, result.Report.Deleted));
        Assert.Equal(3, (await knowledge.AllDocumentsAsync(DomainName)).Count);
        Assert.Single(await knowledge.SearchAsync("zqprinter"));
        var run = (await knowledge.ListRunsAsync(10, cancellationToken: TestContext.Current.CancellationToken))[0];
        foreach (var shown in new[] { failure.Reason, result.Source.Location, string.Join("\n", run.Report!.Failed.Select(f => f.Reason)) })
        {
            Assert.DoesNotContain(wrongPassword, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Password, shown, StringComparison.Ordinal);
        }
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task SearchAsync_RowsWithAclColumn_AreSeenOnlyByWhomTheRowAllows(SqlProvider provider)
    {
        using var folder = new TestFolder();
        var database = CreateTickets(provider, folder);
        database.Execute($"CREATE TABLE {database.Table}_acl (id text, body text, acl text)");
        database.Execute($"INSERT INTO {database.Table}_acl VALUES ('1', '薪酬调整方案 zqsalary', 'group:hr;!user:eve'), ('2', '食堂菜单 zqmenu', NULL), ('3', '董事会纪要 zqboard', 'user:bob')");
        var connector = new SqlConnector(new SqlSourceOptions { Provider = provider, ConnectionString = database.ConnectionString, Table = database.Table + "_acl", KeyColumns = ["id"], TextColumns = ["body"], AclColumn = "acl" });
        using var knowledge = KnowledgeBase.Open(folder.Data);

        var result = await knowledge.IngestAsync(new IngestionRequest { Connector = connector, Domain = DomainName, Kind = DomainKind.Business, Acl = new Acl(["group:staff"], []) });

        Assert.Empty(result.Report.Failed);
        var alice = new Principal("alice", ["hr", "staff"]);
        var eve = new Principal("eve", ["hr", "staff"]);
        var bob = new Principal("bob", []);
        Assert.Single(await knowledge.SearchAsync("zqsalary", alice));
        Assert.Empty(await knowledge.SearchAsync("zqsalary", eve));
        Assert.Empty(await knowledge.SearchAsync("zqsalary", bob));
        Assert.Single(await knowledge.SearchAsync("zqmenu", eve));
        Assert.Empty(await knowledge.SearchAsync("zqmenu", bob));
        Assert.Single(await knowledge.SearchAsync("zqboard", bob));
        Assert.Empty(await knowledge.SearchAsync("zqboard", alice));

        // A changed ACL alone re-indexes the row.
        database.Execute($"UPDATE {database.Table}_acl SET acl = 'user:bob;group:hr' WHERE id = '3'");
        var again = await knowledge.IngestAsync(new IngestionRequest { Connector = connector, Domain = DomainName, Kind = DomainKind.Business, Acl = new Acl(["group:staff"], []) });
        Assert.Equal((1, 2), (again.Report.Updated, again.Report.Unchanged));
        Assert.Single(await knowledge.SearchAsync("zqboard", alice));
    }

    [Theory]
    [MemberData(nameof(Providers))]
    public async Task IngestAsync_BadRowWithKnownKey_KeepsOnlyThatRowsOldVersionAndStillDeletesOthers(SqlProvider provider)
    {
        using var folder = new TestFolder();
        var database = CreateTickets(provider, folder);
        database.Execute($"CREATE TABLE {database.Table}_acl (id text, body text, acl text)");
        database.Execute($"INSERT INTO {database.Table}_acl VALUES ('1', '薪酬调整方案 zqsalary', 'group:hr'), ('2', '食堂菜单 zqmenu', NULL)");
        var connector = new SqlConnector(new SqlSourceOptions { Provider = provider, ConnectionString = database.ConnectionString, Table = database.Table + "_acl", KeyColumns = ["id"], TextColumns = ["body"], AclColumn = "acl" });
        using var knowledge = KnowledgeBase.Open(folder.Data);
        await knowledge.IngestAsync(new IngestionRequest { Connector = connector, Domain = DomainName, Kind = DomainKind.Business });

        database.Execute($"UPDATE {database.Table}_acl SET body = '薪酬调整方案 zqleaked', acl = 'hr' WHERE id = '1'");
        database.Execute($"DELETE FROM {database.Table}_acl WHERE id = '2'");
        var result = await knowledge.IngestAsync(new IngestionRequest { Connector = connector, Domain = DomainName, Kind = DomainKind.Business });

        var failure = Assert.Single(result.Report.Failed);
        Assert.Equal($"{database.Table}_acl#1", failure.Input);
        Assert.Equal(1, result.Report.Deleted);
        Assert.Empty(await knowledge.SearchAsync("zqmenu"));
        Assert.Empty(await knowledge.SearchAsync("zqleaked"));
        Assert.Single(await knowledge.SearchAsync("zqsalary", new Principal("alice", ["hr"])));
        Assert.Empty(await knowledge.SearchAsync("zqsalary", new Principal("bob", [])));
    }

    private static IngestionRequest Request(SqlDatabase database) =>
        new() { Connector = database.Connector(), Domain = DomainName, Kind = DomainKind.Business };

    private SqlDatabase CreateTickets(SqlProvider provider, TestFolder folder)
    {
        SqlDatabase database;
        if (provider == SqlProvider.Sqlite)
        {
            var path = Path.Combine(folder.Source, "crm.db");
            database = new SqlDatabase(provider, $"Data Source={path}", "tickets", path, $"sqlite:{path}/tickets");
        }
        else
        {
            Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? string.Empty);
            var table = PostgresServer.NewTableName("tickets");
            database = new SqlDatabase(provider, server.ConnectionString(), table, null, $"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/{table}");
        }

        database.Execute($"CREATE TABLE {database.Table} (id text, subject text, body text, status text, priority integer, region text, updated_at timestamp)");
        database.Execute(
            $"""
            INSERT INTO {database.Table} VALUES
            ('1', '打印机无法连接网络', '三楼的打印机无法连接网络，客户多次反馈，编号 zqprinter 。', 'open', 3, '华东', '2024-05-01 08:30:00'),
            ('2', '发票抬头错误', '客户反馈发票抬头错误，需要重开发票，编号 zqinvoice 。', 'open', 2, '华东', '2024-05-02 09:00:00'),
            ('3', '合同续签', '客户询问合同续签流程，编号 zqcontract 。', 'closed', 1, '华北', '2024-05-03 10:00:00')
            """);
        return database;
    }

    /// <summary>A test database of either provider, and connectors over its table.</summary>
    private sealed record SqlDatabase(SqlProvider Provider, string ConnectionString, string Table, string? Path, string Location)
    {
        public SqlConnector Connector(string? connectionString = null) => new(new SqlSourceOptions
        {
            Provider = Provider,
            ConnectionString = connectionString ?? ConnectionString,
            Table = Table,
            KeyColumns = ["id"],
            TitleColumn = "subject",
            TextColumns = ["body"],
            UpdatedAtColumn = "updated_at",
        });

        public void Execute(string sql)
        {
            using System.Data.Common.DbConnection connection = Provider == SqlProvider.Sqlite
                ? new SqliteConnection($"{ConnectionString};Pooling=False")
                : new Npgsql.NpgsqlConnection(ConnectionString);
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = sql;
            command.ExecuteNonQuery();
        }
    }
}
