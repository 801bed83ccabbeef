using System.CommandLine;
using Hunyu.Cli.Commands;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;

namespace Hunyu.Cli;

/// <summary>
/// The <c>hunyu</c> command. Exit codes: 0 success; 1 internal error; 2 bad input or usage;
/// 3 not found; 4 partial failure (some files of a batch failed); 5 store unavailable; 6 timeout; 7 audit chain broken.
/// </summary>
public static class HunyuCli
{
    /// <summary>The data directory (default: <c>HUNYU_DATA</c>, else the user's local data folder).</summary>
    public static Option<string?> DataOption { get; } = new("--data") { Description = "Data directory (default: $HUNYU_DATA, else ~/.local/share/hunyu)", Recursive = true };

    /// <summary>Print JSON for scripts instead of human-readable output.</summary>
    public static Option<bool> JsonOption { get; } = new("--json") { Description = "Print JSON for scripts", Recursive = true };

    /// <summary>Runs the command line and returns the exit code; never throws.</summary>
    public static async Task<int> RunAsync(string[] args, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var root = new RootCommand("Hunyu (混域): mixed-domain knowledge search with cited answers.")
        {
            DataOption,
            JsonOption,
        };
        var commands = new Func<Func<ParseResult, CliContext>, Command>[]
        {
            IngestCommand.Create,
            CrawlCommand.Create,
            SearchCommand.Create,
            AskCommand.Create,
            EvalCommand.Create,
            LearnCommand.Create,
            CleanCommand.Create,
            ExportCommand.Create,
            ServeCommand.Create,
            McpCommand.Create,
            DomainsCommand.Create,
            SourcesCommand.Create,
            CatalogCommands.Documents,
            CatalogCommands.Delete,
            CatalogCommands.Runs,
            NotesCommand.Create,
            AuditCommand.Create,
            AclCommand.Create,
            IdentityCommands.Users,
            IdentityCommands.Groups,
            IdentityCommands.Keys,
        };
        foreach (var create in commands)
        {
            root.Add(create(parse => new CliContext(parse, output, error)));
        }

        // Everything this command does is recorded as the local administrator at the command line.
        using var caller = AuditCaller.Use(new AuditCaller(Principal.LocalAdmin, AuditCaller.CliClient));
        var parsed = root.Parse(args);
        if (args.Length > 0 && !args[0].StartsWith('-') && parsed.CommandResult.Command == root)
        {
            // COMPAT: '--help' clears parse errors, so 'hunyu nosuch --help' would print help and succeed.
            await error.WriteLineAsync($"error [{ErrorCode.InvalidArgument.Code}]: '{args[0]}' is not a hunyu command; run 'hunyu --help' for the list");
            return ErrorCode.InvalidArgument.ExitCode;
        }

        if (parsed.Errors.Count > 0)
        {
            foreach (var problem in parsed.Errors)
            {
                await error.WriteLineAsync($"error [{ErrorCode.InvalidArgument.Code}]: {problem.Message}");
            }

            await error.WriteLineAsync("Run 'hunyu --help' for usage.");
            return ErrorCode.InvalidArgument.ExitCode;
        }

        try
        {
            return await parsed.InvokeAsync(new InvocationConfiguration { Output = output, Error = error, EnableDefaultExceptionHandler = false }, cancellationToken);
        }
        catch (HunyuException e)
        {
            await error.WriteLineAsync($"error [{e.Error.Code}]: {e.Message}");
            return e.Error.ExitCode;
        }
        catch (OperationCanceledException)
        {
            await error.WriteLineAsync("cancelled");
            return 130;
        }
        catch (Exception e)
        {
            // The boundary: one line, no stack trace; the type says where to look.
            await error.WriteLineAsync($"error [{ErrorCode.Internal.Code}]: {e.GetType().Name}: {e.Message}");
            return ErrorCode.Internal.ExitCode;
        }
    }
}
