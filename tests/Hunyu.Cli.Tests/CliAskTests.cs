using System.Text.Json;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu ask</c>: the streamed human answer, the one JSON object, and conversations with <c>--history</c>.</summary>
public sealed class CliAskTests
{
    [Fact]
    public async Task Ask_Human_PrintsTheStreamedAnswerThenItsSources()
    {
        using var folder = new TestFolder();
        var source = folder.Write("docs/room.md", "# 机房说明\n\n机房温度常年保持在二十二摄氏度，湿度保持在百分之四十五。进入机房须登记。");
        (await Cli.RunAsync(folder, "ingest", Path.GetDirectoryName(source)!)).AssertSuccess();

        var ask = (await Cli.RunAsync(folder, "ask", "机房温度保持在多少度？")).AssertSuccess();

        var lines = ask.PlainOutput.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        var sources = Array.FindIndex(lines, l => l.StartsWith("[1] 机房说明", StringComparison.Ordinal));
        Assert.True(sources > 0, ask.PlainOutput);
        var answer = string.Join('\n', lines[..sources]);
        Assert.Contains("二十二摄氏度", answer, StringComparison.Ordinal);
        Assert.Contains("[1]", answer, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_WithHistoryFile_FollowUpIsRewrittenAndEachTurnIsAppended()
    {
        using var folder = new TestFolder();
        var source = folder.Write("docs/room.md", "# 机房说明\n\n机房温度常年保持在二十二摄氏度，湿度保持在百分之四十五。进入机房须登记。");
        (await Cli.RunAsync(folder, "ingest", Path.GetDirectoryName(source)!)).AssertSuccess();
        var history = Path.Combine(folder.Root, "chat.json");

        (await Cli.RunAsync(folder, "ask", "机房温度保持在多少度？", "--history", history)).AssertSuccess();
        var followUp = (await Cli.RunAsync(folder, "ask", "那湿度呢？", "--history", history, "--json")).AssertSuccess().Json();

        Assert.Equal("heuristic", followUp.GetProperty("rewritten").GetProperty("method").GetString());
        Assert.Contains("百分之四十五", followUp.GetProperty("answer").GetString(), StringComparison.Ordinal);
        using var saved = JsonDocument.Parse(await File.ReadAllTextAsync(history, TestContext.Current.CancellationToken));
        var turns = saved.RootElement.EnumerateArray().ToList();
        Assert.Equal(["机房温度保持在多少度？", "那湿度呢？"], turns.Select(t => t.GetProperty("question").GetString()));
        Assert.Contains("二十二摄氏度", turns[0].GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal(followUp.GetProperty("answer").GetString(), turns[1].GetProperty("answer").GetString());
    }

    [Fact]
    public async Task Ask_HistoryFileNotJson_ExitsWithInvalidArgumentNamingTheFile()
    {
        using var folder = new TestFolder();
        var history = folder.Write("chat.json", "not json");

        var line = (await Cli.RunAsync(folder, "ask", "那湿度呢？", "--history", history)).AssertError(2, "invalid_argument");

        Assert.Contains("--history " + history, line, StringComparison.Ordinal);
    }
}
