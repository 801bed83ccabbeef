using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Tests.Connectors.Sql;
using Hunyu.Storage.Postgres;

namespace Hunyu.Storage.Tests.Audit;

/// <summary>The PostgreSQL audit log against a real server (skipped, saying why, where PostgreSQL is not installed).</summary>
[Collection(PostgresServerDefinition.Name)]
public sealed class PostgresAuditLogTests(PostgresServer server) : AuditLogContract, IDisposable
{
    private readonly List<PostgresAuditLog> _logs = [];

    protected override string Table { get; } = PostgresServer.NewTableName("audit");

    [Fact]
    public async Task Triggers_UpdateDeleteOrTruncate_AreRefused()
    {
        var log = await OpenAsync(TimeProvider.System);
        await log.AppendAsync(new AuditEvent { Action = AuditActions.Search, UserId = "alice" });

        foreach (var sql in (string[])[$"UPDATE {Table} SET user_id = 'mallory'", $"DELETE FROM {Table}", $"TRUNCATE {Table}"])
        {
            var error = await Assert.ThrowsAsync<Npgsql.PostgresException>(() => server.ExecuteAsync(sql));
            Assert.Contains("append-only", error.MessageText, StringComparison.Ordinal);
        }

        Assert.True((await log.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task OpenAsync_WrongPassword_IsStoreUnavailableWithoutTheSecret()
    {
        Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? string.Empty);
        var wrong = "wrong-" + Guid.NewGuid().ToString("N");

        var error = await Assert.ThrowsAsync<HunyuException>(() => PostgresAuditLog.OpenAsync(server.ConnectionString(password: wrong), Table));

        Assert.Equal(ErrorCode.StoreUnavailable, error.Error);
        Assert.DoesNotContain(wrong, error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain(server.Password, error.Message, StringComparison.Ordinal);
    }

    public void Dispose()
    {
        foreach (var log in _logs)
        {
            log.Dispose();
        }
    }

    protected override async Task<IAuditLog> OpenAsync(TimeProvider clock)
    {
        Assert.SkipWhen(server.SkipReason is not null, server.SkipReason ?? string.Empty);
        var log = await PostgresAuditLog.OpenAsync(server.ConnectionString(), Table, clock);
        _logs.Add(log);
        return log;
    }

    protected override Task<IAuditLog> OpenAgainAsync() => OpenAsync(TimeProvider.System);

    protected override Task TamperAsync(string sql) =>
        server.ExecuteAsync($"ALTER TABLE {Table} DISABLE TRIGGER USER; {sql}; ALTER TABLE {Table} ENABLE TRIGGER USER;");
}
