using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Tests.Governance;

public sealed class GovernanceReportTests
{
    [Fact]
    public async Task Run_FloodBeyondTheEntriesInMemory_SpillsAndStreamsEveryEntryBackInOrder()
    {
        const int copies = 3_000;
        const int inMemory = 100;
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());
        var inputs = Enumerable.Range(0, copies).Select(i => new GovernanceInput($"copy{i}", Docs.Titled("通知", Docs.Statutes[3])));
        using var report = new GovernanceReport(inMemory);

        foreach (var _ in pipeline.Run(inputs, sink: report))
        {
        }

        Assert.True(report.Duplicates.Spilled);
        Assert.Equal(copies - 1, report.Duplicates.Count);
        Assert.Equal(Enumerable.Range(1, copies - 1).Select(i => $"copy{i}"), report.Duplicates.Select(d => d.Id));

        using var stream = new MemoryStream();
        await report.WriteJsonAsync(stream);
        stream.Position = 0;
        using var read = await GovernanceReport.ReadJsonAsync(stream);
        Assert.Equal(report.ToJson(), read.ToJson());
        Assert.Equal(copies - 1, read.Duplicates.Count);
    }

    [Fact]
    public void Withdraw_SpilledEntry_IsSkippedWhenTheListIsRead()
    {
        using var report = new GovernanceReport(entriesInMemory: 2);
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());
        foreach (var id in new[] { "a", "b", "c", "d", "e" })
        {
            report.Add(pipeline.Process(id, Docs.Titled("通知", Docs.Statutes[3])));
        }

        var spilled = report.Duplicates.Single(d => d.Id == "d");

        Assert.True(report.Withdraw(spilled));
        Assert.False(report.Withdraw(spilled));
        Assert.Equal(["b", "c", "e"], report.Duplicates.Select(d => d.Id));
        Assert.Equal(3, report.Duplicates.Count);
        Assert.Equal(4, report.Documents);
    }
}
