using System.Text.Json;
using Microsoft.Data.Sqlite;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu audit verify|search</c> round trips over what other commands recorded.</summary>
public sealed class CliAuditTests : IDisposable
{
    private readonly TestFolder _folder = new();

    [Fact]
    public async Task AuditSearch_AfterIngestSearchAndAsk_ListsThemAsCliAdmin()
    {
        await RecordSomethingAsync();

        var result = (await Cli.RunAsync(_folder, "audit", "search", "--json")).AssertSuccess();

        var json = result.Json();
        Assert.Equal(3, json.GetProperty("count").GetInt32());
        var entries = json.GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(["ask", "search", "ingest"], entries.Select(e => e.GetProperty("action").GetString()));
        Assert.All(entries, e => Assert.Equal(("admin", "cli", "ok"), (e.GetProperty("user").GetString(), e.GetProperty("client").GetString(), e.GetProperty("outcome").GetString())));
        Assert.Equal("试用期 zqcliaudit", entries[1].GetProperty("detail").GetProperty("query").GetString());
        Assert.Single(entries[0].GetProperty("detail").GetProperty("cited").EnumerateArray());

        var filtered = (await Cli.RunAsync(_folder, "audit", "search", "--action", "search", "--user", "admin", "--since", "2000-01-01", "--limit", "5", "--json")).AssertSuccess().Json();
        Assert.Equal(1, filtered.GetProperty("count").GetInt32());
        Assert.Equal(0, (await Cli.RunAsync(_folder, "audit", "search", "--until", "2000-01-01", "--json")).AssertSuccess().Json().GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task AuditVerify_IntactThenTampered_ExitsZeroThenSevenNamingTheEntry()
    {
        await RecordSomethingAsync();

        var intact = (await Cli.RunAsync(_folder, "audit", "verify", "--json")).AssertSuccess().Json();
        Assert.True(intact.GetProperty("intact").GetBoolean());
        Assert.Equal(3, intact.GetProperty("entries").GetInt64());
        Assert.Equal(JsonValueKind.Null, intact.GetProperty("first_broken").ValueKind);
        var anchorFile = Path.Combine(_folder.Data, "audit.anchor");
        Assert.Equal($"3 {intact.GetProperty("head_hash").GetString()}", File.ReadAllText(anchorFile).Trim());

        Tamper("DROP TRIGGER audit_log_no_update; UPDATE audit_log SET user_id = 'mallory' WHERE sequence = 2;");
        var broken = await Cli.RunAsync(_folder, "audit", "verify", "--json");

        var line = broken.AssertError(7, "audit_broken");
        Assert.Contains("entry 2", line, StringComparison.Ordinal);
        var json = broken.Json();
        Assert.False(json.GetProperty("intact").GetBoolean());
        Assert.Equal(2, json.GetProperty("first_broken").GetProperty("sequence").GetInt64());
        Assert.Equal("edited", json.GetProperty("first_broken").GetProperty("kind").GetString());
        Assert.Equal($"3 {intact.GetProperty("head_hash").GetString()}", File.ReadAllText(anchorFile).Trim());
    }

    [Fact]
    public async Task AuditVerify_TailDeletedAfterAnchor_ReportsTruncation()
    {
        await RecordSomethingAsync();
        (await Cli.RunAsync(_folder, "audit", "verify")).AssertSuccess();

        Tamper("DROP TRIGGER audit_log_no_delete; DELETE FROM audit_log WHERE sequence = 3;");

        (await Cli.RunAsync(_folder, "audit", "verify", "--no-anchor")).AssertSuccess();
        var line = (await Cli.RunAsync(_folder, "audit", "verify")).AssertError(7, "audit_broken");
        Assert.Contains("anchor records 3 entries but the log holds 2", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AuditSearch_BadTime_IsOneLineInvalidArgument()
    {
        var line = (await Cli.RunAsync(_folder, "audit", "search", "--since", "yesterday-ish")).AssertError(2, "invalid_argument");

        Assert.Contains("--since 'yesterday-ish'", line, StringComparison.Ordinal);
    }

    public void Dispose() => _folder.Dispose();

    private async Task RecordSomethingAsync()
    {
        _folder.Write("src/劳动合同.md", "# 试用期\n\n劳动合同期限三个月以上不满一年的，试用期不得超过一个月 zqcliaudit。\n");
        (await Cli.RunAsync(_folder, "ingest", Path.Combine(_folder.Root, "src"), "--domain", "statutes")).AssertSuccess();
        (await Cli.RunAsync(_folder, "search", "试用期 zqcliaudit")).AssertSuccess();
        (await Cli.RunAsync(_folder, "ask", "试用期不得超过多久 zqcliaudit")).AssertSuccess();
    }

    private void Tamper(string sql)
    {
        using var connection = new SqliteConnection($"Data Source={Path.Combine(_folder.Data, "hunyu.db")};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
