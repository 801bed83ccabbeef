using System.Diagnostics;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Connectors.Sql;

namespace Hunyu.Ingestion.Tests.Connectors.Sql;

/// <summary>The SQL connector against a real PostgreSQL server (skipped, saying why, where PostgreSQL is not installed).</summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class SqlConnectorPostgresTests(PostgresServer server)
{
    [Fact]
    public async Task ReadDocuments_EveryColumnType_IsFormattedAsInvariantTextAndKeptInMetadata()
    {
        SkipWithoutServer();
        var table = PostgresServer.NewTableName("types");
        await server.ExecuteAsync(
            $$"""
            CREATE TABLE {{table}} (
                id integer PRIMARY KEY, name text, body text, amount numeric(12,2), ratio double precision, active boolean,
                born date, seen_at timestamp, changed_at timestamptz, payload jsonb, photo bytea, tags text[], ref uuid, missing text, big bigint);
            INSERT INTO {{table}} VALUES (1, '王小明', '客户反馈：发票抬头错误，需要重开。', 1234.50, 0.25, true, '1990-05-17', '2024-05-01 08:30:00',
                '2024-05-01 08:30:00+08', '{"level": "金牌"}', '\x0102', ARRAY['vip','华东'], 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', NULL, 9007199254740993);
            """);
        var connector = new SqlConnector(Options(table, title: "name", text: ["body"]));

        var (documents, problems) = await connector.ReadAllAsync();

        Assert.Empty(problems);
        var document = Assert.Single(documents);
        Assert.Equal("1", document.RecordKey);
        Assert.Equal("王小明", document.Title);
        var expected = new Dictionary<string, string>
        {
            ["id"] = "1",
            ["name"] = "王小明",
            ["body"] = "客户反馈：发票抬头错误，需要重开。",
            ["amount"] = "1234.50",
            ["ratio"] = "0.25",
            ["active"] = "true",
            ["born"] = "1990-05-17",
            ["seen_at"] = "2024-05-01T08:30:00",
            ["changed_at"] = "2024-05-01T00:30:00Z",
            ["payload"] = "{\"level\": \"金牌\"}",
            ["photo"] = "(binary, 2 bytes; not indexed)",
            ["tags"] = "[\"vip\",\"华东\"]",
            ["ref"] = "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
            ["big"] = "9007199254740993",
        };
        Assert.Equal(expected.OrderBy(p => p.Key, StringComparer.Ordinal), document.Metadata.OrderBy(p => p.Key, StringComparer.Ordinal));
        Assert.Equal(
            [
                "客户反馈：发票抬头错误，需要重开。",
                "amount: 1234.50",
                "ratio: 0.25",
                "active: true",
                "born: 1990-05-17",
                "seen_at: 2024-05-01T08:30:00",
                "changed_at: 2024-05-01T00:30:00Z",
                "payload: {\"level\": \"金牌\"}",
                "tags: [\"vip\",\"华东\"]",
                "ref: a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11",
                "big: 9007199254740993",
            ],
            document.Blocks.Select(b => b.Text));
        Assert.Equal($"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/{table}", connector.Location);
    }

    [Fact]
    public async Task ReadDocuments_ValueThatCannotBeConverted_ReportsThatRowAndReadsTheOthers()
    {
        SkipWithoutServer();
        var table = PostgresServer.NewTableName("bad");
        await server.ExecuteAsync($"CREATE TABLE {table} (id integer PRIMARY KEY, v numeric, note text); INSERT INTO {table} VALUES (1, 1.5, '一'), (2, 1e40, '二'), (3, 2, '三');");

        var (documents, problems) = await new SqlConnector(Options(table)).ReadAllAsync();

        Assert.Equal(["1", "3"], documents.Select(d => d.RecordKey).Order(StringComparer.Ordinal));
        var problem = Assert.Single(problems);
        Assert.Equal(table, problem.FileName);
        Assert.Equal("key 2", problem.Location);
        Assert.Equal("2", problem.RecordKey);
        Assert.Equal(ErrorCode.CorruptInput, problem.Error);
        Assert.StartsWith($"{table}: key 2: column 'v': cannot read the numeric value (", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_WrongPassword_FailsAsUnavailableWithoutShowingAnyPassword()
    {
        SkipWithoutServer();
        var table = PostgresServer.NewTableName("auth");
        await server.ExecuteAsync($"CREATE TABLE {table} (id integer PRIMARY KEY, v text)");
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");
        var options = Options(table);
        options.ConnectionString = server.ConnectionString(password: wrong);
        var connector = new SqlConnector(options);
        var item = await connector.SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());
        var check = await Assert.ThrowsAsync<HunyuException>(() => connector.CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCode.SourceUnavailable, e.Error);
        Assert.Equal($"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/{table}: authentication failed; check the user name and password (28P01)", e.Message);
        Assert.Equal(e.Message, check.Message);
        foreach (var shown in new[] { e.ToString(), check.ToString(), connector.Location, connector.ToString(), item.Uri, options.ToString() })
        {
            Assert.DoesNotContain(wrong, shown, StringComparison.Ordinal);
            Assert.DoesNotContain(server.Password, shown, StringComparison.Ordinal);
        }

        Assert.DoesNotContain(PostgresServer.User, connector.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_NothingListensOnThePort_FailsAsUnavailableNamingTheSource()
    {
        SkipWithoutServer();
        var port = ClosedPort();
        var options = Options("customers");
        options.ConnectionString = server.ConnectionString(port: port, timeoutSeconds: 3);
        var item = await new SqlConnector(options).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.SourceUnavailable, e.Error);
        Assert.StartsWith($"postgres://127.0.0.1:{port}/{PostgresServer.Database}/customers: cannot connect (connection refused", e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, e.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_MissingTable_FailsAsInvalidArgument()
    {
        SkipWithoutServer();
        var item = await new SqlConnector(Options("no_such_table")).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Equal($"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/no_such_table: the table does not exist: relation \"no_such_table\" does not exist (42P01)", e.Message);
    }

    [Fact]
    public async Task CheckAsync_QueryNamingMissingColumn_FailsAsInvalidArgument()
    {
        SkipWithoutServer();
        var table = PostgresServer.NewTableName("cols");
        await server.ExecuteAsync($"CREATE TABLE {table} (id integer PRIMARY KEY, v text)");
        var options = new SqlSourceOptions { Provider = SqlProvider.Postgres, ConnectionString = server.ConnectionString(), Query = $"SELECT id, nope FROM {table}", Name = "q", KeyColumns = ["id"] };

        var e = await Assert.ThrowsAsync<HunyuException>(() => new SqlConnector(options).CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Equal($"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/query/q: the query names a missing column: column \"nope\" does not exist (42703)", e.Message);
    }

    [Fact]
    public async Task ReadDocuments_QueryOverTheTimeout_FailsAsTimeout()
    {
        SkipWithoutServer();
        var options = new SqlSourceOptions
        {
            Provider = SqlProvider.Postgres,
            ConnectionString = server.ConnectionString(),
            Query = "SELECT 1 AS id, pg_sleep(5)::text AS slept",
            Name = "slow",
            KeyColumns = ["id"],
            CommandTimeoutSeconds = 1,
        };
        var item = await new SqlConnector(options).SingleItemAsync();
        var stopwatch = Stopwatch.StartNew();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.Timeout, e.Error);
        Assert.Equal($"postgres://127.0.0.1:{server.Port}/{PostgresServer.Database}/query/slow: the query timed out after 1 s (SqlSourceOptions.CommandTimeoutSeconds, 1-3600)", e.Message);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(4.5), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public async Task ReadDocuments_QueryThatWrites_IsRefusedAndChangesNothing()
    {
        SkipWithoutServer();
        var table = PostgresServer.NewTableName("ro");
        await server.ExecuteAsync($"CREATE TABLE {table} (id integer PRIMARY KEY, v text); INSERT INTO {table} VALUES (1, 'keep');");
        var options = new SqlSourceOptions { Provider = SqlProvider.Postgres, ConnectionString = server.ConnectionString(), Query = $"WITH gone AS (DELETE FROM {table} RETURNING id) SELECT id FROM gone", Name = "evil", KeyColumns = ["id"] };
        var item = await new SqlConnector(options).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Contains("the query tries to write; a source is only read (25006)", e.Message, StringComparison.Ordinal);
        var (documents, _) = await new SqlConnector(Options(table)).ReadAllAsync();
        Assert.Single(documents);
    }

    [Fact]
    public async Task ReadDocuments_SchemaQualifiedTable_IsQuotedAndRead()
    {
        SkipWithoutServer();
        var schema = PostgresServer.NewTableName("sales");
        await server.ExecuteAsync($"CREATE SCHEMA {schema}; CREATE TABLE {schema}.orders (order_no text PRIMARY KEY, customer text); INSERT INTO {schema}.orders VALUES ('SO-1', '华为');");

        var connector = new SqlConnector(Options($"{schema}.orders"));
        var (documents, _) = await connector.ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal("SO-1", document.RecordKey);
        Assert.Equal($"{schema}.orders SO-1", document.Title);
        Assert.Equal("customer: 华为", document.BlockText());
        Assert.EndsWith($"/{schema}.orders", connector.Location, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_StoppedEarlyOnALargeTable_ReturnsWithoutDrainingTheResult()
    {
        SkipWithoutServer();
        var table = PostgresServer.NewTableName("big");
        await server.ExecuteAsync($"CREATE TABLE {table} AS SELECT g AS id, repeat('内容', 50) AS body FROM generate_series(1, 300000) g");
        var item = await new SqlConnector(Options(table)).SingleItemAsync();
        var stopwatch = Stopwatch.StartNew();

        var first = item.ReadDocuments([]).Take(3).ToList();

        Assert.Equal(3, first.Count);
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(5), $"took {stopwatch.Elapsed}");
    }

    private SqlSourceOptions Options(string table, string? title = null, IReadOnlyList<string>? text = null) => new()
    {
        Provider = SqlProvider.Postgres,
        ConnectionString = server.ConnectionString(),
        Table = table,
        KeyColumns = [table.EndsWith(".orders", StringComparison.Ordinal) ? "order_no" : "id"],
        TitleColumn = title,
        TextColumns = text ?? [],
    };

    private void SkipWithoutServer() => Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? string.Empty);

    private static int ClosedPort()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        return ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
    }
}
