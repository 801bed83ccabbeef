using System.Globalization;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Storage.Tests.Sqlite;

namespace Hunyu.Storage.Tests.Audit;

/// <summary>
/// What every audit store must do: chain, serialise appends, search, and detect every kind of tampering. Each store
/// derives from this once, opening a fresh log and giving raw SQL access to its table (as an attacker with write
/// access to the database would have, triggers switched off).
/// </summary>
public abstract class AuditLogContract
{
    private static readonly DateTimeOffset Start = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    /// <summary>Opens a fresh, empty log stamped by <paramref name="clock"/>.</summary>
    protected abstract Task<IAuditLog> OpenAsync(TimeProvider clock);

    /// <summary>Opens a second log over the same store, as another process would.</summary>
    protected abstract Task<IAuditLog> OpenAgainAsync();

    /// <summary>The table's name in SQL.</summary>
    protected abstract string Table { get; }

    /// <summary>Runs SQL against the store with the append-only triggers off.</summary>
    protected abstract Task TamperAsync(string sql);

    [Fact]
    public async Task AppendAsync_ThreeEvents_ChainsThemWithGaplessSequences()
    {
        var log = await OpenFilledAsync(3);

        var records = (await log.SearchAsync(new AuditQuery())).Reverse().ToArray();

        Assert.Equal([1L, 2L, 3L], records.Select(r => r.Sequence));
        Assert.Equal(AuditChain.GenesisHash, records[0].PreviousHash);
        Assert.Equal(records[0].Hash, records[1].PreviousHash);
        Assert.Equal(records[1].Hash, records[2].PreviousHash);
        Assert.All(records, r => Assert.Equal(AuditChain.ComputeHash(r), r.Hash));
        Assert.Equal("2025-03-01T08:00:01.0000000Z", records[0].Time);
        Assert.Equal("[\"法务\",\"staff\"]", records[0].Groups);
        var verification = await log.VerifyAsync();
        Assert.True(verification.Intact);
        Assert.Equal(3, verification.Entries);
        Assert.Equal(records[2].Hash, verification.HeadHash);
    }

    [Fact]
    public async Task VerifyAsync_EmptyLog_IsIntactWithGenesisHead()
    {
        var log = await OpenAsync(new ManualClock(Start));

        var verification = await log.VerifyAsync(new AuditAnchor(0, AuditChain.GenesisHash));

        Assert.True(verification.Intact);
        Assert.Equal(0, verification.Entries);
        Assert.Equal(AuditChain.GenesisHash, verification.HeadHash);
    }

    [Theory]
    [InlineData("occurred_at", "'2025-03-01T08:00:09.0000000Z'")]
    [InlineData("tenant", "'other'")]
    [InlineData("user_id", "'mallory'")]
    [InlineData("groups", "'[]'")]
    [InlineData("client", "'10.0.0.9'")]
    [InlineData("action", "'login'")]
    [InlineData("target", "'elsewhere'")]
    [InlineData("outcome", "'denied'")]
    [InlineData("code", "'forbidden'")]
    [InlineData("detail", "'{\"query\":\"无害\"}'")]
    [InlineData("hash", "'0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef'")]
    public async Task VerifyAsync_OneFieldEdited_ReportsThatEntryAsEdited(string column, string value)
    {
        var log = await OpenFilledAsync(3);

        await TamperAsync($"UPDATE {Table} SET {column} = {value} WHERE sequence = 2;");

        AssertBroken(await log.VerifyAsync(), 2, AuditBreakKind.Edited);
    }

    [Fact]
    public async Task VerifyAsync_PreviousHashEdited_ReportsBrokenLink()
    {
        var log = await OpenFilledAsync(3);

        await TamperAsync($"UPDATE {Table} SET previous_hash = '{new string('1', 64)}' WHERE sequence = 3;");

        AssertBroken(await log.VerifyAsync(), 3, AuditBreakKind.Relinked);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(3)]
    public async Task VerifyAsync_EntryDeleted_ReportsItMissing(long deleted)
    {
        var log = await OpenFilledAsync(5);

        await TamperAsync($"DELETE FROM {Table} WHERE sequence = {deleted};");

        AssertBroken(await log.VerifyAsync(), deleted, AuditBreakKind.Missing);
    }

    [Fact]
    public async Task VerifyAsync_MiddleEntryDeletedAndRestRenumbered_ReportsBrokenLink()
    {
        var log = await OpenFilledAsync(5);

        await TamperAsync($"DELETE FROM {Table} WHERE sequence = 3;");
        await TamperAsync($"UPDATE {Table} SET sequence = -sequence WHERE sequence > 3;");
        await TamperAsync($"UPDATE {Table} SET sequence = -sequence - 1 WHERE sequence < 0;");

        AssertBroken(await log.VerifyAsync(), 3, AuditBreakKind.Relinked);
    }

    [Fact]
    public async Task VerifyAsync_LastEntryDeletedWithoutAnchor_CannotTell()
    {
        var log = await OpenFilledAsync(5);

        await TamperAsync($"DELETE FROM {Table} WHERE sequence = 5;");

        // The documented limit: a chain alone cannot know it was longer.
        var verification = await log.VerifyAsync();
        Assert.True(verification.Intact);
        Assert.Equal(4, verification.Entries);
    }

    [Fact]
    public async Task VerifyAsync_LastEntryDeletedWithAnchor_ReportsTruncation()
    {
        var log = await OpenFilledAsync(5);
        var anchor = (await log.VerifyAsync()).Anchor;

        await TamperAsync($"DELETE FROM {Table} WHERE sequence >= 4;");

        var broken = AssertBroken(await log.VerifyAsync(anchor), 4, AuditBreakKind.Truncated);
        Assert.Contains("anchor records 5 entries but the log holds 3", broken.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public async Task VerifyAsync_FirstAndMiddleDeletedWithAnchor_ReportsTheFirstGap()
    {
        var log = await OpenFilledAsync(5);
        var anchor = (await log.VerifyAsync()).Anchor;

        await TamperAsync($"DELETE FROM {Table} WHERE sequence IN (1, 3);");

        AssertBroken(await log.VerifyAsync(anchor), 1, AuditBreakKind.Missing);
    }

    [Fact]
    public async Task VerifyAsync_TwoEntriesSwapped_ReportsBrokenLink()
    {
        var log = await OpenFilledAsync(4);

        await TamperAsync($"UPDATE {Table} SET sequence = -1 WHERE sequence = 2;");
        await TamperAsync($"UPDATE {Table} SET sequence = 2 WHERE sequence = 3;");
        await TamperAsync($"UPDATE {Table} SET sequence = 3 WHERE sequence = -1;");

        AssertBroken(await log.VerifyAsync(), 2, AuditBreakKind.Relinked);
    }

    [Fact]
    public async Task VerifyAsync_ForgedEntryInsertedWithCorrectHash_ReportsTheEntryAfterIt()
    {
        var log = await OpenFilledAsync(4);
        var records = (await log.SearchAsync(new AuditQuery())).Reverse().ToArray();

        // The forger knows the algorithm: entry 2 is made to follow entry 1 perfectly, the rest are shifted up.
        var forged = AuditChain.Seal(2, Start, new AuditEvent { Action = AuditActions.Login, UserId = "mallory" }, records[0].Hash);
        await TamperAsync($"UPDATE {Table} SET sequence = -sequence WHERE sequence >= 2;");
        await TamperAsync($"UPDATE {Table} SET sequence = -sequence + 1 WHERE sequence < 0;");
        await TamperAsync(Insert(forged));

        AssertBroken(await log.VerifyAsync(), 3, AuditBreakKind.Relinked);
    }

    [Fact]
    public async Task VerifyAsync_ForgedEntryWithBadHashAppended_ReportsItEdited()
    {
        var log = await OpenFilledAsync(3);
        var head = (await log.VerifyAsync()).HeadHash;

        var forged = AuditChain.Seal(4, Start, new AuditEvent { Action = AuditActions.Login, UserId = "mallory" }, head) with { Hash = new string('a', 64) };
        await TamperAsync(Insert(forged));

        AssertBroken(await log.VerifyAsync(), 4, AuditBreakKind.Edited);
    }

    [Fact]
    public async Task VerifyAsync_WholeChainRewritten_OnlyTheAnchorCatchesIt()
    {
        var log = await OpenFilledAsync(4);
        var anchor = (await log.VerifyAsync()).Anchor;
        var records = (await log.SearchAsync(new AuditQuery())).Reverse().ToArray();

        // Someone with write access recomputes every hash after changing entry 2's user.
        await TamperAsync($"DELETE FROM {Table};");
        var previous = AuditChain.GenesisHash;
        foreach (var record in records)
        {
            var changed = record with { UserId = record.Sequence == 2 ? "mallory" : record.UserId, PreviousHash = previous };
            changed = changed with { Hash = AuditChain.ComputeHash(changed) };
            await TamperAsync(Insert(changed));
            previous = changed.Hash;
        }

        Assert.True((await log.VerifyAsync()).Intact);
        AssertBroken(await log.VerifyAsync(anchor), 4, AuditBreakKind.Rewritten);
    }

    [Fact]
    public async Task VerifyAsync_AnchorAfterGrowth_StaysIntact()
    {
        var log = await OpenFilledAsync(3);
        var anchor = (await log.VerifyAsync()).Anchor;

        await log.AppendAsync(Event("carol", AuditActions.Search));

        var verification = await log.VerifyAsync(anchor);
        Assert.True(verification.Intact);
        Assert.Equal(4, verification.Entries);
    }

    [Fact]
    public async Task AppendAsync_ConcurrentThreadsAndTwoOpenLogs_KeepOneGaplessChain()
    {
        var log = await OpenAsync(TimeProvider.System);
        var other = await OpenAgainAsync();
        const int Writers = 8;
        const int PerWriter = 25;

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
        {
            var target = w % 2 == 0 ? log : other;
            for (var i = 0; i < PerWriter; i++)
            {
                await target.AppendAsync(Event($"user{w}", AuditActions.Search));
            }
        })));

        var verification = await log.VerifyAsync();
        Assert.True(verification.Intact, verification.FirstBroken?.Reason);
        Assert.Equal(Writers * PerWriter, verification.Entries);
        var sequences = (await log.SearchAsync(new AuditQuery { Limit = AuditQuery.MaxLimit })).Select(r => r.Sequence).Order();
        Assert.Equal(Enumerable.Range(1, Writers * PerWriter).Select(i => (long)i), sequences);
        (other as IDisposable)?.Dispose();
    }

    [Fact]
    public async Task SearchAsync_Filters_MatchUserActionAndTimeNewestFirst()
    {
        var clock = new ManualClock(Start);
        var log = await OpenAsync(clock);
        foreach (var (user, action) in new[] { ("alice", "search"), ("bob", "ask"), ("alice", "ask"), ("alice", "delete") })
        {
            clock.Advance(TimeSpan.FromMinutes(1));
            await log.AppendAsync(Event(user, action));
        }

        Assert.Equal([4L, 3L, 1L], (await log.SearchAsync(new AuditQuery { UserId = "alice" })).Select(r => r.Sequence));
        Assert.Equal([3L, 2L], (await log.SearchAsync(new AuditQuery { Action = "ask" })).Select(r => r.Sequence));
        Assert.Equal([3L, 2L], (await log.SearchAsync(new AuditQuery { Since = Start.AddMinutes(2), Until = Start.AddMinutes(4) })).Select(r => r.Sequence));
        Assert.Equal([4L], (await log.SearchAsync(new AuditQuery { Limit = 1 })).Select(r => r.Sequence));
        Assert.Empty(await log.SearchAsync(new AuditQuery { UserId = "nobody" }));
    }

    [Theory]
    [InlineData("Search", "{}")]
    [InlineData("search", "not json")]
    [InlineData("search", "[1, 2]")]
    public async Task AppendAsync_MalformedEvent_IsRefusedAndNothingWritten(string action, string detail)
    {
        var log = await OpenAsync(TimeProvider.System);

        var error = await Assert.ThrowsAsync<HunyuException>(() => log.AppendAsync(Event("alice", action) with { Detail = detail }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Equal(0, (await log.VerifyAsync()).Entries);
    }

    [Fact]
    public async Task AppendAsync_FailedOutcome_KeepsItsCode()
    {
        var log = await OpenAsync(TimeProvider.System);

        var record = await log.AppendAsync(Event("alice", AuditActions.Delete) with { Outcome = AuditOutcome.Failed, Code = "not_found", Target = "doc-1" });

        var stored = Assert.Single(await log.SearchAsync(new AuditQuery()));
        Assert.Equal(record, stored);
        Assert.Equal("failed", stored.Outcome);
        Assert.Equal("not_found", stored.Code);
    }

    private async Task<IAuditLog> OpenFilledAsync(int count)
    {
        var clock = new ManualClock(Start);
        var log = await OpenAsync(clock);
        for (var i = 0; i < count; i++)
        {
            clock.Advance(TimeSpan.FromSeconds(1));
            await log.AppendAsync(Event("alice", AuditActions.Ask) with
            {
                Groups = ["法务", "staff"],
                Target = "statutes",
                Detail = string.Create(CultureInfo.InvariantCulture, $$"""{"question":"年假有几天？","cited":["doc-{{i}}"]}"""),
            });
        }

        return log;
    }

    private static AuditEvent Event(string user, string action) =>
        new() { Action = action, UserId = user, Client = "127.0.0.1" };

    private string Insert(AuditRecord r) =>
        $"INSERT INTO {Table} (sequence, occurred_at, tenant, user_id, groups, client, action, target, outcome, code, detail, previous_hash, hash) VALUES " +
        string.Create(CultureInfo.InvariantCulture, $"({r.Sequence}, {Q(r.Time)}, {Q(r.Tenant)}, {Q(r.UserId)}, {Q(r.Groups)}, {Q(r.Client)}, {Q(r.Action)}, {Q(r.Target)}, {Q(r.Outcome)}, {Q(r.Code)}, {Q(r.Detail)}, {Q(r.PreviousHash)}, {Q(r.Hash)});");

    private static string Q(string? text) => text is null ? "NULL" : "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    private static AuditBreak AssertBroken(AuditVerification verification, long sequence, AuditBreakKind kind)
    {
        Assert.False(verification.Intact);
        var broken = verification.FirstBroken!;
        Assert.Equal((sequence, kind), (broken.Sequence, broken.Kind));
        return broken;
    }
}
