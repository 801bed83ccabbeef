using System.CommandLine;
using Hunyu.Hosting;
using Hunyu.Hosting.Configuration;
using Spectre.Console;

namespace Hunyu.Cli;

/// <summary>What every command needs: the parsed global options and where to write.</summary>
/// <param name="Parse">The parse result.</param>
/// <param name="Output">Standard output: results (human or JSON).</param>
/// <param name="Error">Standard error: progress, warnings and errors.</param>
public sealed record CliContext(ParseResult Parse, TextWriter Output, TextWriter Error)
{
    /// <summary>True when the command should print JSON.</summary>
    public bool Json => Parse.GetValue(HunyuCli.JsonOption);

    /// <summary>The resolved data directory.</summary>
    public string DataDirectory => Hosting.DataDirectory.Resolve(Parse.GetValue(HunyuCli.DataOption));

    /// <summary>A console for human-readable output on standard output.</summary>
    public IAnsiConsole Console { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Output) });

    /// <summary>A console for progress on standard error, so standard output stays clean for pipes.</summary>
    public IAnsiConsole ErrorConsole { get; } = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Error) });

    /// <summary>Opens the knowledge base in the data directory, with the settings of its <c>hunyu.json</c> and the environment.</summary>
    /// <param name="loggers">Where the model gateway logs (the server's log); null for commands whose output is their own.</param>
    public KnowledgeBase OpenKnowledgeBase(Microsoft.Extensions.Logging.ILoggerFactory? loggers = null)
    {
        var folder = DataDirectory;
        return KnowledgeBase.Open(folder, HunyuConfiguration.Options(HunyuConfiguration.Load(folder), loggers));
    }
}
