using Hunyu.Tests.Shared;

namespace Hunyu.Cli.Tests;

/// <summary>
/// The shipped <c>hunyu</c> carries llama.cpp: a configured GGUF model is loaded and run by it (a tiny scripted one that
/// <see cref="TinyGguf"/> writes), and a broken file is refused by llama.cpp itself, not for a missing native library.
/// </summary>
public sealed class CliGgufTests
{
    [Fact]
    public async Task Ask_GgufModelConfigured_TheShippedCommandAnswersWithTheModelsCitedSentence()
    {
        using var folder = new TestFolder();
        var source = folder.Write("docs/leave.md", "# 员工手册\n\n员工每年享有十五天带薪年假。年假须提前两周申请。");
        (await Cli.RunAsync(folder, "ingest", Path.GetDirectoryName(source)!)).AssertSuccess();
        var model = Path.Combine(folder.Root, "laptop.gguf");
        TinyGguf.Write(model, ["员工每年享有十五天带薪年假。", "[1]"]);
        Configure(folder, model);

        var ask = await BuiltCli.RunAsync("ask", "员工每年有几天带薪年假？", "--json", "--data", folder.Data);

        ask.AssertSuccess();
        var json = ask.Json();
        Assert.Equal("员工每年享有十五天带薪年假。 [1]", json.GetProperty("answer").GetString());
        Assert.Equal("model:laptop", json.GetProperty("answerer").GetString());
        Assert.Equal("员工手册", Assert.Single(json.GetProperty("citations").EnumerateArray()).GetProperty("title").GetString());
        Assert.Equal("laptop", json.GetProperty("decision").GetProperty("model").GetString());
        Assert.Contains("answered by laptop", json.GetProperty("decision").GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task Ask_BrokenGgufFile_RefusedByLlamaCppItself()
    {
        using var folder = new TestFolder();
        var model = Path.Combine(folder.Root, "broken.gguf");
        // A real GGUF signature and version, then garbage: only llama.cpp itself can refuse it.
        File.WriteAllBytes(model, [.. "GGUF"u8, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3]);
        Configure(folder, model);

        var ask = await BuiltCli.RunAsync("ask", "年假有几天？", "--data", folder.Data);

        Assert.Equal(5, ask.ExitCode);
        // llama.cpp's own log: the native library was found and ran (a missing one fails before it can say anything).
        Assert.Contains("llama_model_load", ask.Error, StringComparison.Ordinal);
        Assert.Contains($"error [model_unavailable]: {model}: llama.cpp could not load the model (Hunyu:Models:laptop:ModelPath)", ask.Error, StringComparison.Ordinal);
    }

    /// <summary>The data directory's <c>hunyu.json</c> with one edge GGUF model, <c>laptop</c>.</summary>
    private static void Configure(TestFolder folder, string model)
    {
        Directory.CreateDirectory(folder.Data);
        File.WriteAllText(Path.Combine(folder.Data, "hunyu.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            Hunyu = new { Models = new { laptop = new { Provider = "gguf", ModelPath = model, Location = "edge" } } },
        }));
    }
}
