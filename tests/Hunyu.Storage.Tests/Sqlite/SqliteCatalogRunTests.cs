using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

public sealed class SqliteCatalogRunTests
{
    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task FinishAsync_AfterStart_ListRoundTripsReportAndFailures()
    {
        using var temp = new TempFolder();
        var clock = new ManualClock(Samples.Epoch);
        using var catalog = SqliteCatalog.Open(temp.DatabasePath, clock);
        var report = Samples.Report(
            new IngestionFailure("合同/损坏.pdf", "corrupt_input", "损坏.pdf: xref table is truncated"),
            new IngestionFailure("big.zip", "too_large", "big.zip is 212 MB; limit is 100 MB (Hunyu:Ingestion:MaxFileBytes)"));

        var id = await catalog.StartAsync("source-a", Token);
        clock.Advance(TimeSpan.FromSeconds(90));
        await catalog.FinishAsync(id, report, Token);

        var run = Assert.Single(await catalog.ListAsync(10, Token));
        Assert.Equal(id, run.Id);
        Assert.Equal("source-a", run.SourceId);
        Assert.Equal(Samples.Epoch, run.StartedAt);
        Assert.Equal(Samples.Epoch.AddSeconds(90), run.FinishedAt);
        Assert.NotNull(run.Report);
        Assert.Equal(report with { Failed = run.Report.Failed }, run.Report);
        Assert.Equal(report.Failed, run.Report.Failed);
    }

    [Fact]
    public async Task ListAsync_SeveralRuns_NewestFirstUpToLimitAndUnfinishedHaveNoReport()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var ids = new List<long>();
        for (var i = 0; i < 5; i++)
        {
            ids.Add(await catalog.StartAsync($"source-{i}", Token));
        }

        await catalog.FinishAsync(ids[3], Samples.Report(), Token);

        var runs = await catalog.ListAsync(3, Token);

        Assert.Equal([ids[4], ids[3], ids[2]], runs.Select(r => r.Id));
        Assert.Null(runs[0].Report);
        Assert.Null(runs[0].FinishedAt);
        Assert.Empty(runs[1].Report!.Failed);
        Assert.Equal(12_345, runs[1].Report!.Bytes);
    }

    [Fact]
    public async Task FinishAsync_UnknownRun_ThrowsNotFound()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);

        var error = await Assert.ThrowsAsync<HunyuException>(() => catalog.FinishAsync(42, Samples.Report(), Token));

        Assert.Equal(ErrorCode.NotFound, error.Error);
        Assert.Contains("42", error.Message, StringComparison.Ordinal);
    }
}
