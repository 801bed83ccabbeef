using Hunyu.Core.Audit;
using Hunyu.Storage.Sqlite;
using Hunyu.Storage.Tests.Sqlite;

namespace Hunyu.Storage.Tests.Audit;

/// <summary>The embedded audit log: the contract, plus what is particular to the catalog file.</summary>
public sealed class SqliteAuditLogTests : AuditLogContract, IDisposable
{
    private readonly TempFolder _temp = new();
    private readonly List<SqliteAuditLog> _logs = [];

    protected override string Table => "audit_log";

    [Fact]
    public async Task Open_CatalogFile_AddsTheAuditTableAtSchemaVersionThree()
    {
        using (SqliteCatalog.Open(_temp.DatabasePath))
        {
        }

        var log = (SqliteAuditLog)await OpenAsync(TimeProvider.System);

        Assert.True(SqliteCatalog.SchemaVersion >= 3);
        Assert.Equal(1L, _temp.Scalar("SELECT COUNT(*) FROM sqlite_schema WHERE name = 'audit_log';"));
        Assert.Equal(Path.Combine(_temp.Path, AuditAnchor.FileName), log.DefaultAnchorPath);
    }

    [Fact]
    public async Task Triggers_UpdateOrDeleteThroughSql_AreRefused()
    {
        var log = await OpenAsync(TimeProvider.System);
        await log.AppendAsync(new AuditEvent { Action = AuditActions.Search, UserId = "alice" });

        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => _temp.Execute("UPDATE audit_log SET user_id = 'mallory';"));
        Assert.Throws<Microsoft.Data.Sqlite.SqliteException>(() => _temp.Execute("DELETE FROM audit_log;"));
        Assert.True((await log.VerifyAsync()).Intact);
    }

    public void Dispose()
    {
        foreach (var log in _logs)
        {
            log.Dispose();
        }

        _temp.Dispose();
    }

    protected override Task<IAuditLog> OpenAsync(TimeProvider clock)
    {
        var log = SqliteAuditLog.Open(_temp.DatabasePath, clock);
        _logs.Add(log);
        return Task.FromResult<IAuditLog>(log);
    }

    protected override Task<IAuditLog> OpenAgainAsync() => OpenAsync(TimeProvider.System);

    protected override Task TamperAsync(string sql)
    {
        _temp.Execute("DROP TRIGGER IF EXISTS audit_log_no_update; DROP TRIGGER IF EXISTS audit_log_no_delete; " + sql);
        return Task.CompletedTask;
    }
}
