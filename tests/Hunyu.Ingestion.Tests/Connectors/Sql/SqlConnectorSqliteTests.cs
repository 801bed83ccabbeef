using Hunyu.Core.Errors;
using Hunyu.Ingestion.Connectors.Sql;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Connectors.Sql;

/// <summary>The SQL connector over real SQLite files written by the tests.</summary>
public sealed class SqlConnectorSqliteTests : IDisposable
{
    private readonly SqliteFile _database = new();

    public void Dispose() => _database.Dispose();

    [Fact]
    public async Task ReadAsync_Table_YieldsOneItemNamedAfterTheTableAtItsLocation()
    {
        CreateTickets();
        var connector = new SqlConnector(Tickets());

        var item = await connector.SingleItemAsync();

        Assert.Equal("sql", connector.Kind);
        Assert.Equal("sqlite:" + _database.Path + "/tickets", connector.Location);
        Assert.Equal("tickets", connector.Name);
        Assert.Equal("tickets", item.Key);
        Assert.Equal(connector.Location, item.Uri);
        Assert.Null(item.Problem);
    }

    [Fact]
    public async Task ReadDocuments_Rows_BecomeDocumentsWithKeyTitleTextAndEveryFieldInMetadata()
    {
        CreateTickets();
        _database.Execute(
            "INSERT INTO tickets VALUES (1, '打印机无法连接', '三楼的打印机无法连接网络。\n重启后仍然失败。', 'open', 3, 12.5, 1, '2024-05-01T08:30:00Z', '{\"tags\":[\"网络\",\"打印\"]}', X'00FF10', NULL, '2024-05-02T09:00:00Z')");

        var (documents, problems) = await new SqlConnector(Tickets()).ReadAllAsync();

        Assert.Empty(problems);
        var document = Assert.Single(documents);
        Assert.Equal("1", document.RecordKey);
        Assert.Equal("打印机无法连接", document.Title);
        Assert.Equal(
            [
                "三楼的打印机无法连接网络。\n重启后仍然失败。",
                "status: open",
                "priority: 3",
                "cost: 12.5",
                "urgent: true",
                "opened_at: 2024-05-01T08:30:00Z",
                "details: {\"tags\":[\"网络\",\"打印\"]}",
            ],
            document.Blocks.Select(b => b.Text));
        Assert.All(document.Blocks, b => Assert.Equal(BlockKind.Paragraph, b.Kind));
        Assert.Equal("1", document.Metadata["id"]);
        Assert.Equal("打印机无法连接", document.Metadata["subject"]);
        Assert.Equal("open", document.Metadata["status"]);
        Assert.Equal("3", document.Metadata["priority"]);
        Assert.Equal("12.5", document.Metadata["cost"]);
        Assert.Equal("true", document.Metadata["urgent"]);
        Assert.Equal("2024-05-01T08:30:00Z", document.Metadata["opened_at"]);
        Assert.Equal("{\"tags\":[\"网络\",\"打印\"]}", document.Metadata["details"]);
        Assert.Equal("(binary, 3 bytes; not indexed)", document.Metadata["attachment"]);
        Assert.Equal("2024-05-02T09:00:00Z", document.Metadata["updated_at"]);
        Assert.StartsWith("三楼的打印机", document.Metadata["body"], StringComparison.Ordinal);
        Assert.False(document.Metadata.ContainsKey("closed_at"));
    }

    [Fact]
    public async Task ReadDocuments_LongValue_IsWholeInTextAndCappedInMetadata()
    {
        _database.Execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, note TEXT)");
        var note = new string('长', 300);
        _database.Execute("INSERT INTO notes VALUES (1, $note)", ("$note", note));

        var (documents, _) = await new SqlConnector(new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = _database.ConnectionString, Table = "notes", KeyColumns = ["id"] }).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal("note: " + note, document.BlockText());
        Assert.Equal(256, document.Metadata["note"].Length);
        Assert.EndsWith("…", document.Metadata["note"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_NoTitleColumn_TitlesRowByTableAndKey()
    {
        CreateTickets();
        InsertTicket(7, "subject", "body text");
        var options = Tickets();
        options.TitleColumn = null;

        var (documents, _) = await new SqlConnector(options).ReadAllAsync();

        Assert.Equal("tickets 7", Assert.Single(documents).Title);
    }

    [Fact]
    public async Task ReadDocuments_NullTitleValue_FallsBackToTableAndKey()
    {
        CreateTickets();
        InsertTicket(8, null, "body text");

        var (documents, _) = await new SqlConnector(Tickets()).ReadAllAsync();

        Assert.Equal("tickets 8", Assert.Single(documents).Title);
    }

    [Fact]
    public async Task ReadDocuments_RowWithOnlyKeyAndTitle_UsesTitleAsText()
    {
        _database.Execute("CREATE TABLE products (sku TEXT PRIMARY KEY, name TEXT)");
        _database.Execute("INSERT INTO products VALUES ('A-1', '智能门锁')");

        var (documents, _) = await new SqlConnector(new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = _database.ConnectionString, Table = "products", KeyColumns = ["sku"], TitleColumn = "name" }).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal("A-1", document.RecordKey);
        Assert.Equal("智能门锁", document.BlockText());
    }

    [Fact]
    public async Task ReadDocuments_CompositeKey_JoinsPartsWithSlashEscapingSlashes()
    {
        _database.Execute("CREATE TABLE lines (order_no TEXT, line INTEGER, item TEXT, PRIMARY KEY (order_no, line))");
        _database.Execute("INSERT INTO lines VALUES ('SO/2024%1', 2, '显示器')");

        var (documents, _) = await new SqlConnector(new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = _database.ConnectionString, Table = "lines", KeyColumns = ["order_no", "line"] }).ReadAllAsync();

        var document = Assert.Single(documents);
        Assert.Equal("SO%2F2024%251/2", document.RecordKey);
        Assert.Equal("item: 显示器", document.BlockText());
    }

    [Fact]
    public async Task ReadDocuments_Query_ReadsItsResultUnderItsName()
    {
        CreateTickets();
        InsertTicket(1, "open one", "first");
        InsertTicket(2, "closed one", "second", status: "closed");
        var options = new SqlSourceOptions
        {
            Provider = SqlProvider.Sqlite,
            ConnectionString = _database.ConnectionString,
            Query = "SELECT id AS ticket_id, subject, body FROM tickets WHERE status = 'open';",
            Name = "open-tickets",
            KeyColumns = ["TICKET_ID"],
            TitleColumn = "subject",
            TextColumns = ["body"],
        };

        var connector = new SqlConnector(options);
        var (documents, problems) = await connector.ReadAllAsync();

        Assert.Empty(problems);
        Assert.Equal("sqlite:" + _database.Path + "/query/open-tickets", connector.Location);
        Assert.Equal("open-tickets", (await connector.SingleItemAsync()).Key);
        var document = Assert.Single(documents);
        Assert.Equal("1", document.RecordKey);
        Assert.Equal("first", document.BlockText());
    }

    [Fact]
    public async Task ReadDocuments_RowWithNullKey_IsReportedAndOthersContinue()
    {
        _database.Execute("CREATE TABLE contacts (code TEXT, name TEXT)");
        _database.Execute("INSERT INTO contacts VALUES ('c1', '张三'), (NULL, '李四'), ('c3', '王五')");

        var (documents, problems) = await new SqlConnector(new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = _database.ConnectionString, Table = "contacts", KeyColumns = ["code"] }).ReadAllAsync();

        Assert.Equal(["c1", "c3"], documents.Select(d => d.RecordKey));
        var problem = Assert.Single(problems);
        Assert.Equal("contacts", problem.FileName);
        Assert.Equal("row 2", problem.Location);
        Assert.Equal(ErrorCode.CorruptInput, problem.Error);
        Assert.Equal("contacts: row 2: key column 'code' is NULL", problem.Message);
        Assert.Null(problem.RecordKey);
    }

    [Fact]
    public async Task ReadDocuments_MissingTable_ThrowsInvalidArgumentNamingTheSource()
    {
        CreateTickets();
        var options = Tickets();
        options.Table = "no_such_table";
        var item = await new SqlConnector(options).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Equal($"sqlite:{_database.Path}/no_such_table: the query failed: no such table: no_such_table", e.Message);
    }

    [Fact]
    public async Task ReadDocuments_MissingConfiguredColumn_ThrowsInvalidArgumentListingTheColumns()
    {
        CreateTickets();
        var options = Tickets();
        options.TitleColumn = "titel";
        var item = await new SqlConnector(options).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Contains("/tickets: column 'titel' (TitleColumn) is not in the result; its columns are id, subject, body, status", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_AclColumn_BecomesTheRowsAclAndStaysOutOfTextAndMetadata()
    {
        _database.Execute("CREATE TABLE docs (id INTEGER PRIMARY KEY, body TEXT, acl TEXT)");
        _database.Execute("INSERT INTO docs VALUES (1, '人事档案', 'group:hr;user:bob;!user:eve'), (2, '公开通知', NULL), (3, '坏权限', 'hr'), (4, '空白权限', '  ')");
        var options = new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = _database.ConnectionString, Table = "docs", KeyColumns = ["id"], TextColumns = ["body"], AclColumn = "acl" };

        var (documents, problems) = await new SqlConnector(options).ReadAllAsync();

        Assert.Equal(["1", "2", "4"], documents.Select(d => d.RecordKey));
        var restricted = documents[0];
        Assert.NotNull(restricted.Acl);
        Assert.Equal(["group:hr", "user:bob"], restricted.Acl.Allow);
        Assert.Equal(["user:eve"], restricted.Acl.Deny);
        Assert.Equal("人事档案", restricted.BlockText());
        Assert.False(restricted.Metadata.ContainsKey("acl"));
        Assert.Null(documents[1].Acl);
        Assert.Null(documents[2].Acl);
        var problem = Assert.Single(problems);
        Assert.Equal("3", problem.RecordKey);
        Assert.Equal("docs: key 3: column 'acl': ACL entry 'hr' is not *, user:NAME or group:NAME (prefix ! to deny)", problem.Message);
    }

    [Fact]
    public async Task CheckAsync_ValidSource_ReturnsColumns()
    {
        CreateTickets();

        var columns = await new SqlConnector(Tickets()).CheckAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["id", "subject", "body", "status", "priority", "cost", "urgent", "opened_at", "details", "attachment", "closed_at", "updated_at"], columns);
    }

    [Fact]
    public async Task CheckAsync_MissingKeyColumn_ThrowsInvalidArgument()
    {
        CreateTickets();
        var options = Tickets();
        options.KeyColumns = ["ticket_no"];

        var e = await Assert.ThrowsAsync<HunyuException>(() => new SqlConnector(options).CheckAsync(TestContext.Current.CancellationToken));

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Contains("column 'ticket_no' (KeyColumns) is not in the result", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_MissingFile_ThrowsPathNotFoundAndCreatesNothing()
    {
        var path = Path.Combine(Path.GetDirectoryName(_database.Path)!, "missing.db");
        var item = await new SqlConnector(new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = $"Data Source={path}", Table = "t", KeyColumns = ["id"] }).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.PathNotFound, e.Error);
        Assert.Equal($"sqlite:{path}/t: the database file does not exist", e.Message);
        Assert.False(File.Exists(path));
    }

    [Fact]
    public async Task ReadDocuments_FileIsNotADatabase_ThrowsCorruptInput()
    {
        await File.WriteAllTextAsync(_database.Path, "this is not a database, just text that is long enough to have a header", TestContext.Current.CancellationToken);
        var item = await new SqlConnector(Tickets()).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.CorruptInput, e.Error);
        Assert.StartsWith($"sqlite:{_database.Path}/tickets: the file is not a readable SQLite database", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadDocuments_QueryThatWrites_IsRefusedAndChangesNothing()
    {
        CreateTickets();
        InsertTicket(1, "keep me", "body");
        var options = new SqlSourceOptions { Provider = SqlProvider.Sqlite, ConnectionString = _database.ConnectionString, Query = "DELETE FROM tickets RETURNING id", Name = "evil", KeyColumns = ["id"] };
        var item = await new SqlConnector(options).SingleItemAsync();

        var e = Assert.Throws<HunyuException>(() => item.ReadDocuments([]).ToList());

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Contains("the query tries to write", e.Message, StringComparison.Ordinal);
        var (documents, _) = await new SqlConnector(Tickets()).ReadAllAsync();
        Assert.Single(documents);
    }

    [Fact]
    public async Task ReadDocuments_StoppedEarly_ReleasesTheFile()
    {
        CreateTickets();
        for (var i = 1; i <= 50; i++)
        {
            InsertTicket(i, $"subject {i}", $"body {i}");
        }

        var item = await new SqlConnector(Tickets()).SingleItemAsync();
        var firstTwo = item.ReadDocuments([]).Take(2).ToList();

        Assert.Equal(2, firstTwo.Count);
        File.Delete(_database.Path);
        Assert.False(File.Exists(_database.Path));
    }

    [Fact]
    public void Constructor_PasswordInConnectionString_NeverShown()
    {
        const string Secret = "s3cret-sqlcipher-key";
        var options = Tickets();
        options.ConnectionString = $"Data Source={_database.Path};Password={Secret}";

        var connector = new SqlConnector(options);

        Assert.DoesNotContain(Secret, connector.Location, StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, connector.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, options.ToString(), StringComparison.Ordinal);
    }

    public static TheoryData<string, string> InvalidOptions => new()
    {
        { "table+query", "give a table or a query, not both and not neither" },
        { "neither", "give a table or a query, not both and not neither" },
        { "query-without-name", "a query needs a name" },
        { "no-key", "give the column or columns that identify a row (SqlSourceOptions.KeyColumns)" },
        { "timeout", "the command timeout is 0 s; allowed is 1-3600 (SqlSourceOptions.CommandTimeoutSeconds)" },
        { "empty-connection", "the connection string is empty" },
        { "bad-connection", "the connection string is not a valid SQLite connection string" },
        { "memory", "the connection string needs Data Source=PATH of a database file" },
        { "hash-name", "the name must be 1-128 characters without '#'" },
    };

    [Theory]
    [MemberData(nameof(InvalidOptions))]
    public void Constructor_InvalidOptions_ThrowsInvalidArgumentSayingWhatIsAllowed(string @case, string expected)
    {
        var options = Tickets();
        switch (@case)
        {
            case "table+query": options.Query = "SELECT 1"; break;
            case "neither": options.Table = null; break;
            case "query-without-name": options.Table = null; options.Query = "SELECT 1 AS id"; break;
            case "no-key": options.KeyColumns = []; break;
            case "timeout": options.CommandTimeoutSeconds = 0; break;
            case "empty-connection": options.ConnectionString = " "; break;
            case "bad-connection": options.ConnectionString = "Data Source=x.db;Frobnicate=secret-value"; break;
            case "memory": options.ConnectionString = "Data Source=:memory:"; break;
            case "hash-name": options.Name = "a#b"; break;
            default: throw new ArgumentOutOfRangeException(nameof(@case));
        }

        var e = Assert.Throws<HunyuException>(() => new SqlConnector(options));

        Assert.Equal(ErrorCode.InvalidArgument, e.Error);
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret-value", e.ToString(), StringComparison.Ordinal);
    }

    private SqlSourceOptions Tickets() => new()
    {
        Provider = SqlProvider.Sqlite,
        ConnectionString = _database.ConnectionString,
        Table = "tickets",
        KeyColumns = ["id"],
        TitleColumn = "subject",
        TextColumns = ["body"],
        UpdatedAtColumn = "updated_at",
    };

    private void CreateTickets() => _database.Execute(
        """
        CREATE TABLE tickets (
            id INTEGER PRIMARY KEY, subject TEXT, body TEXT, status TEXT, priority INTEGER, cost REAL, urgent BOOLEAN,
            opened_at DATETIME, details JSON, attachment BLOB, closed_at DATETIME, updated_at DATETIME)
        """);

    private void InsertTicket(int id, string? subject, string body, string status = "open") =>
        _database.Execute(
            "INSERT INTO tickets (id, subject, body, status, updated_at) VALUES ($id, $subject, $body, $status, '2024-01-01T00:00:00Z')",
            ("$id", id),
            ("$subject", subject),
            ("$body", body),
            ("$status", status));
}
