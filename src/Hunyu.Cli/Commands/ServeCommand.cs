using System.CommandLine;
using Hunyu.Core.Knowledge;
using Hunyu.Hosting;
using Hunyu.Ingestion.Jobs;
using Hunyu.Server;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu serve</c>: the HTTP API (and, with <c>--ingest DIR</c>, ingests DIR's sub-folders as domains first).</summary>
public static class ServeCommand
{
    /// <summary>The address served when none is given.</summary>
    public const string DefaultUrl = "http://localhost:5080";

    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var urls = new Option<string>("--urls") { Description = "Address(es) to listen on, ';'-separated", DefaultValueFactory = _ => DefaultUrl };
        var ingest = new Option<string?>("--ingest") { Description = "Before serving, ingest each sub-folder of this folder as a domain named after it" };
        var command = new Command("serve", "Serve the HTTP API (OpenAPI at /openapi/v1.json, API page at /scalar)") { urls, ingest };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);

            // The model gateway's decisions go to standard error with the server's other messages.
            using var loggers = LoggerFactory.Create(logging => logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace));
            using var knowledge = cli.OpenKnowledgeBase(loggers);
            if (parse.GetValue(ingest) is { } folder)
            {
                await IngestDomainsAsync(cli, knowledge, folder, cancellationToken);
            }

            var address = parse.GetRequiredValue(urls);
            await using var app = HunyuServer.Build(knowledge, [], address);
            await app.StartAsync(cancellationToken);
            cli.Error.WriteLine($"Hunyu is serving {address} (data: {knowledge.DataDirectory}); API page {address.Split(';')[0].TrimEnd('/')}/scalar — Ctrl+C to stop");
            await app.WaitForShutdownAsync(cancellationToken);
            return 0;
        });
        return command;
    }

    /// <summary>Ingests every sub-folder of <paramref name="folder"/> into the domain named after it.</summary>
    private static async Task IngestDomainsAsync(CliContext cli, KnowledgeBase knowledge, string folder, CancellationToken cancellationToken)
    {
        if (!Directory.Exists(folder))
        {
            throw new Core.Errors.HunyuException(Core.Errors.ErrorCode.PathNotFound, $"{folder}: no such directory");
        }

        foreach (var subfolder in Directory.GetDirectories(folder).Order(StringComparer.Ordinal))
        {
            if (Domain.NameFromFolder(Path.GetFileName(subfolder)) is not { } domain)
            {
                cli.Error.WriteLine($"skipped {subfolder}: its name gives no valid domain name (a-z, 0-9, '-', '_')");
                continue;
            }

            var result = await knowledge.IngestAsync(new IngestionRequest { Path = subfolder, Domain = domain }, null, cancellationToken);
            cli.Error.WriteLine($"ingested {subfolder} → {domain}: {result.Documents} documents ({result.Report.Added} added, {result.Report.Updated} updated, {result.Report.Unchanged} unchanged), {result.Report.Failed.Count} failed");
            foreach (var failure in result.Report.Failed)
            {
                cli.Error.WriteLine($"  failed [{failure.Code}]: {failure.Reason}");
            }
        }
    }

}
