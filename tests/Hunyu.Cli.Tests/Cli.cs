using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hunyu.Cli.Tests;

/// <summary>Runs <c>hunyu</c> in-process through its entry point, always against the test's own data directory.</summary>
internal static class Cli
{
    public static async Task<CliResult> RunAsync(TestFolder folder, params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HunyuCli.RunAsync([.. args, "--data", folder.Data], output, error);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}

/// <summary>What one command printed and returned.</summary>
internal sealed partial record CliResult(int ExitCode, string Output, string Error)
{
    /// <summary>
    /// Standard output without ANSI styling. In-process the output is a StringWriter, which Spectre.Console cannot
    /// tell from a terminal, so it styles it by $TERM; a real redirected stdout gets none.
    /// </summary>
    public string PlainOutput => AnsiEscape().Replace(Output, string.Empty);

    /// <summary>Standard error's non-empty lines.</summary>
    public IReadOnlyList<string> ErrorLines => Error.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

    /// <summary>Standard output parsed as one JSON document (fails the test when it is not).</summary>
    public JsonElement Json()
    {
        using var document = JsonDocument.Parse(Output);
        return document.RootElement.Clone();
    }

    /// <summary>Asserts success, showing standard error when it failed.</summary>
    public CliResult AssertSuccess()
    {
        Assert.True(ExitCode == 0, $"exit {ExitCode}; stderr:\n{Error}");
        return this;
    }

    /// <summary>Asserts the documented failure shape: the exit code, one "error [code]: …" line and no stack trace.</summary>
    public string AssertError(int exitCode, string code)
    {
        Assert.True(ExitCode == exitCode, $"exit {ExitCode}, expected {exitCode}; stderr:\n{Error}");
        Assert.DoesNotContain(ErrorLines, line => line.StartsWith("at ", StringComparison.Ordinal));
        Assert.DoesNotContain(Error.Split('\n'), line => line.StartsWith("   at ", StringComparison.Ordinal));
        var line = Assert.Single(ErrorLines, l => l.StartsWith("error [", StringComparison.Ordinal));
        Assert.StartsWith($"error [{code}]: ", line, StringComparison.Ordinal);
        return line;
    }

    [GeneratedRegex(@"\x1b(\[[0-9;?]*[A-Za-z]|\]8;[^\x1b]*\x1b\\)")]
    private static partial Regex AnsiEscape();
}
