namespace Hunyu.Cli.Tests;

/// <summary>The shipped <c>hunyu</c> carries llama.cpp: a configured GGUF model is loaded by it, not refused for a missing native library.</summary>
public sealed class CliGgufTests
{
    [Fact]
    public async Task Ask_GgufModelConfigured_TheShippedCommandLoadsItWithLlamaCpp()
    {
        using var folder = new TestFolder();
        var model = Path.Combine(folder.Root, "broken.gguf");
        // A real GGUF signature and version, then garbage: only llama.cpp itself can refuse it.
        File.WriteAllBytes(model, [.. "GGUF"u8, 3, 0, 0, 0, 0xFF, 0xFF, 0xFF, 0xFF, 1, 2, 3]);
        Directory.CreateDirectory(folder.Data);
        File.WriteAllText(Path.Combine(folder.Data, "hunyu.json"), System.Text.Json.JsonSerializer.Serialize(new
        {
            Hunyu = new { Models = new { laptop = new { Provider = "gguf", ModelPath = model, Location = "edge" } } },
        }));

        var (exitCode, error) = await BuiltCli.RunAsync("ask", "年假有几天？", "--data", folder.Data);

        Assert.Equal(5, exitCode);
        // llama.cpp's own log: the native library was found and ran (a missing one fails before it can say anything).
        Assert.Contains("llama_model_load", error, StringComparison.Ordinal);
        Assert.Contains($"error [model_unavailable]: {model}: llama.cpp could not load the model (Hunyu:Models:laptop:ModelPath)", error, StringComparison.Ordinal);
    }
}
