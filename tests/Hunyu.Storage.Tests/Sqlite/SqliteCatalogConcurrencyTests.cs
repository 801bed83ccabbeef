using Hunyu.Core.Catalog;
using Hunyu.Storage.Sqlite;

namespace Hunyu.Storage.Tests.Sqlite;

public sealed class SqliteCatalogConcurrencyTests
{
    private const int Batches = 30;
    private const int BatchSize = 20;

    private static CancellationToken Token => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Operations_ConcurrentReadersAndWriters_CompleteWithoutErrorsAndConsistentCounts()
    {
        using var temp = new TempFolder();
        using var catalog = SqliteCatalog.Open(temp.DatabasePath);
        var source = await catalog.EnsureSourceAsync("handbook", "files", "/srv/handbook", Token);
        using var writersDone = new CancellationTokenSource();

        var documentWriter = Task.Run(
            async () =>
            {
                for (var b = 0; b < Batches; b++)
                {
                    var batch = Enumerable.Range(0, BatchSize)
                        .Select(i => Samples.WithChunks(Samples.Document(source.Id, $"b{b}/d{i}.md", updatedAt: Samples.Epoch.AddMinutes(b)), 1 + (i % 3)))
                        .ToList();
                    await catalog.ApplyAsync(batch, [], Token);
                }
            },
            Token);
        var runWriter = Task.Run(
            async () =>
            {
                for (var r = 0; r < Batches; r++)
                {
                    var id = await catalog.StartAsync(source.Id, Token);
                    await catalog.EnsureSourceAsync("statutes", "files", $"/srv/statutes/{r % 3}", Token);
                    await catalog.FinishAsync(id, Samples.Report(), Token);
                }
            },
            Token);
        var readers = Enumerable.Range(0, 4).Select(_ => Task.Run(
            async () =>
            {
                var reads = 0;
                var lastTotal = 0;
                while (!writersDone.IsCancellationRequested || reads == 0)
                {
                    var page = await catalog.ListAsync("handbook", 0, 10, Token);
                    Assert.True(page.Total >= lastTotal, "live count went backwards");
                    Assert.Equal(Math.Min(10, page.Total), page.Documents.Count);
                    lastTotal = page.Total;
                    var states = await catalog.GetStatesAsync(source.Id, Token);
                    Assert.True(states.Count >= page.Total);
                    if (page.Documents.Count > 0)
                    {
                        Assert.NotNull(await catalog.GetAsync(page.Documents[0].Id, Token));
                    }

                    await catalog.ListDomainsAsync(Token);
                    await catalog.ListAsync(5, Token);
                    reads++;
                }

                return reads;
            },
            Token)).ToList();

        await Task.WhenAll(documentWriter, runWriter);
        await writersDone.CancelAsync();
        var reads = await Task.WhenAll(readers);

        TestContext.Current.TestOutputHelper?.WriteLine($"reader iterations: {string.Join(", ", reads)}");
        Assert.Equal(Batches * BatchSize, (await catalog.ListAsync("handbook", 0, 1, Token)).Total);
        Assert.Equal(Batches, (await catalog.ListAsync(1000, Token)).Count(r => r.Report is not null));
        var domains = await catalog.ListDomainsAsync(Token);
        Assert.Equal(3, domains.Single(d => d.Domain.Name == "statutes").Sources.Count);
    }

    [Fact]
    public async Task ApplyAsync_TwoCatalogsOnOneFile_BothWritersSucceed()
    {
        using var temp = new TempFolder();
        using var server = SqliteCatalog.Open(temp.DatabasePath);
        using var cli = SqliteCatalog.Open(temp.DatabasePath);

        async Task WriteAsync(SqliteCatalog catalog, string sourceId)
        {
            for (var b = 0; b < Batches; b++)
            {
                var batch = Enumerable.Range(0, BatchSize)
                    .Select(i => Samples.WithChunks(Samples.Document(sourceId, $"{b}-{i}.md"), 2))
                    .ToList();
                await catalog.ApplyAsync(batch, [], Token);
            }
        }

        await Task.WhenAll(Task.Run(() => WriteAsync(server, "aaaaaaaaaaaaaaaa"), Token), Task.Run(() => WriteAsync(cli, "bbbbbbbbbbbbbbbb"), Token));

        Assert.Equal(Batches * BatchSize, (await server.GetStatesAsync("bbbbbbbbbbbbbbbb", Token)).Count);
        Assert.Equal(Batches * BatchSize, (await cli.GetStatesAsync("aaaaaaaaaaaaaaaa", Token)).Count);
    }
}
