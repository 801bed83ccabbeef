namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu notes</c>: the local user's notes, found by search with everything else.</summary>
public sealed class CliNotesTests
{
    [Fact]
    public async Task Notes_AddSearchEditDelete_ThroughTheCommandLine()
    {
        using var folder = new TestFolder();

        var note = (await Cli.RunAsync(folder, "notes", "add", "zqnotecode 周五前交季度报告", "--title", "待办", "--json")).AssertSuccess().Json();
        var id = note.GetProperty("id").GetString()!;
        var hits = (await Cli.RunAsync(folder, "search", "zqnotecode", "--json")).AssertSuccess().Json().GetProperty("hits");
        Assert.Equal(note.GetProperty("document_id").GetString(), hits[0].GetProperty("document_id").GetString());

        var edited = (await Cli.RunAsync(folder, "notes", "edit", id, "--title", "本周待办", "--json")).AssertSuccess().Json();
        Assert.Equal("本周待办", edited.GetProperty("title").GetString());
        var shown = await Cli.RunAsync(folder, "notes", "show", id);
        Assert.Contains("zqnotecode 周五前交季度报告", shown.AssertSuccess().Output, StringComparison.Ordinal);

        (await Cli.RunAsync(folder, "notes", "delete", id)).AssertSuccess();
        Assert.Equal(0, (await Cli.RunAsync(folder, "notes", "list", "--json")).AssertSuccess().Json().GetProperty("count").GetInt32());
        var missing = await Cli.RunAsync(folder, "notes", "delete", id);
        Assert.Equal(3, missing.ExitCode);
        Assert.Contains($"note {id}: not found", missing.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task NotesEdit_NothingToChange_IsUsageError()
    {
        using var folder = new TestFolder();

        var result = await Cli.RunAsync(folder, "notes", "edit", "0123456789ab");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("give --text or --title", result.Error, StringComparison.Ordinal);
    }
}
