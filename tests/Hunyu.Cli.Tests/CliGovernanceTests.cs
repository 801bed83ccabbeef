using System.Text.Json;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu ingest</c> governs and says so; <c>hunyu runs show ID</c> prints the run's stored governance report.</summary>
public sealed class CliGovernanceTests
{
    // Real statute text (PRC Labour Contract Law, public domain).
    private const string Article =
        "用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。用人单位在制定、修改或者决定有关劳动报酬、" +
        "工作时间、休息休假、劳动安全卫生、保险福利、职工培训、劳动纪律以及劳动定额管理等直接涉及劳动者切身利益的规章制度或者重大事项时，" +
        "应当经职工代表大会或者全体职工讨论，提出方案和意见，与工会或者职工代表平等协商确定。";

    private static readonly string Original = $"规章制度\n\n{Article}编号 zqoriginal 。\n";

    private static readonly string NearCopy = $"规章制度\n\n{Article.Replace("劳动者", "职工", StringComparison.Ordinal)}编号 zqnearcopy 。\n";

    [Fact]
    public async Task IngestThenRunsShow_FolderWithCopies_JsonCountsAndTheStoredReportRoundTrip()
    {
        using var folder = new TestFolder();
        folder.Write("docs/a-original.txt", Original);
        folder.Write("docs/b-copy.txt", Original);
        folder.Write("docs/c-revised.txt", NearCopy);

        var ingest = (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"), "--json")).AssertSuccess().Json();

        Assert.Equal(2, ingest.GetProperty("added").GetInt32());
        var governance = ingest.GetProperty("governance");
        Assert.Equal(3, governance.GetProperty("documents").GetInt32());
        Assert.Equal(2, governance.GetProperty("kept").GetInt32());
        Assert.Equal(1, governance.GetProperty("duplicates").GetInt32());
        Assert.Equal(1, governance.GetProperty("duplicates_kept").GetInt32());
        Assert.Equal(0, governance.GetProperty("dropped").GetInt32());
        Assert.Equal(0, governance.GetProperty("pii").GetInt32());

        var runId = ingest.GetProperty("run_id").GetInt64().ToString(System.Globalization.CultureInfo.InvariantCulture);
        var shown = (await Cli.RunAsync(folder, "runs", "show", runId, "--json")).AssertSuccess().Json();
        Assert.Equal(ingest.GetProperty("run_id").GetInt64(), shown.GetProperty("run").GetProperty("id").GetInt64());
        Assert.Equal(2, shown.GetProperty("run").GetProperty("report").GetProperty("added").GetInt32());
        var report = shown.GetProperty("governance");
        Assert.Equal(3, report.GetProperty("documents").GetInt32());
        var duplicates = report.GetProperty("duplicates").EnumerateArray().Where(d => d.GetProperty("level").GetString() == "document").ToList();
        var exact = Assert.Single(duplicates, d => d.GetProperty("kind").GetString() == "exact");
        Assert.Equal("b-copy.txt", exact.GetProperty("key").GetString());
        Assert.False(exact.TryGetProperty("kept", out _));
        var near = Assert.Single(duplicates, d => d.GetProperty("kind").GetString() == "near");
        Assert.True(near.GetProperty("kept").GetBoolean());
        Assert.Equal(exact.GetProperty("duplicate_of").GetString(), near.GetProperty("duplicate_of").GetString());

        var documents = (await Cli.RunAsync(folder, "documents", "--json")).AssertSuccess().Json();
        var original = documents.GetProperty("documents").EnumerateArray().Single(d => d.GetProperty("key").GetString() == "a-original.txt");
        Assert.Equal(original.GetProperty("id").GetString(), exact.GetProperty("duplicate_of").GetString());

        var human = (await Cli.RunAsync(folder, "runs", "show", runId)).AssertSuccess().PlainOutput;
        Assert.Contains("governance: 3 governed, 2 kept, 1 duplicates dropped, 1 duplicates kept", human, StringComparison.Ordinal);
        Assert.Contains("b-copy.txt (", human, StringComparison.Ordinal);
        Assert.Contains("→ a-original.txt (", human, StringComparison.Ordinal);
        Assert.Contains("exact, 1, dropped", human, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_Human_PrintsAGovernanceLineNamingTheRunToShow()
    {
        using var folder = new TestFolder();
        folder.Write("docs/a.txt", Original);
        folder.Write("docs/b.txt", Original);

        // Spectre.Console wraps long lines at the console's width.
        var output = string.Join(' ', (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"))).AssertSuccess().PlainOutput.Split((char[])['\n', '\r', ' '], StringSplitOptions.RemoveEmptyEntries));

        Assert.Contains("governance: 2 governed, 1 kept, 1 duplicates dropped", output, StringComparison.Ordinal);
        Assert.Contains("hunyu runs show 1", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_GovernanceNearDrop_DropsTheNearCopyForThisIngest()
    {
        using var folder = new TestFolder();
        folder.Write("docs/a.txt", Original);
        folder.Write("docs/b.txt", NearCopy);

        var ingest = (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"), "--governance", "near=drop", "--json")).AssertSuccess().Json();

        Assert.Equal(1, ingest.GetProperty("added").GetInt32());
        Assert.Equal(1, ingest.GetProperty("governance").GetProperty("duplicates").GetInt32());
    }

    [Theory]
    [InlineData("near")]
    [InlineData("near=keep")]
    [InlineData("pii=drop")]
    public async Task Ingest_BadGovernanceValue_InvalidArgumentNamingTheValue(string value)
    {
        using var folder = new TestFolder();
        folder.Write("docs/a.txt", Original);

        var line = (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"), "--governance", value)).AssertError(2, "invalid_argument");

        Assert.Contains($"'{value}'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RunsShow_UnknownRun_NotFound()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "runs", "show", "42")).AssertError(3, "not_found");
    }

    [Fact]
    public async Task Runs_StillListsRuns_WithTheShowSubcommandAdded()
    {
        using var folder = new TestFolder();
        folder.Write("docs/a.txt", Original);
        (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"))).AssertSuccess();

        var runs = (await Cli.RunAsync(folder, "runs", "--json")).AssertSuccess().Json();

        Assert.Equal(1, runs.GetProperty("count").GetInt32());
        Assert.Equal(JsonValueKind.Array, runs.GetProperty("runs").ValueKind);
    }
}
