using System.Diagnostics;

namespace Hunyu.Cli.Tests;

/// <summary>The <c>hunyu</c> command as built in its own output folder, run as a separate process like a user runs it.</summary>
internal static class BuiltCli
{
    /// <summary>The path of <c>hunyu.dll</c> in artifacts/bin/Hunyu.Cli/&lt;configuration&gt;.</summary>
    public static string Assembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(here.Parent!.Parent!.FullName, "Hunyu.Cli", here.Name, "hunyu.dll");
        Assert.True(File.Exists(path), $"{path}: the hunyu command is not built there");
        return path;
    }

    /// <summary>Runs <c>dotnet hunyu.dll ARGS</c> to the end: its exit code, standard output and standard error.</summary>
    public static async Task<CliResult> RunAsync(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardError = true, RedirectStandardOutput = true };
        start.ArgumentList.Add(Assembly());
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var error = process.StandardError.ReadToEndAsync(TestContext.Current.CancellationToken);
        var output = await process.StandardOutput.ReadToEndAsync(TestContext.Current.CancellationToken);
        await process.WaitForExitAsync(TestContext.Current.CancellationToken);
        return new CliResult(process.ExitCode, output, await error);
    }
}
