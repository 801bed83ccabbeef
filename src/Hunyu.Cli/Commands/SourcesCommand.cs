using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Hosting.Sources;
using Hunyu.Ingestion.Jobs;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu sources [add|sync|list|remove]</c>: stored source definitions (a folder, a SQL table or query, a web site)
/// that are checked when added and synced again by id. Without a subcommand it lists the sources.
/// </summary>
/// <remarks>SECURITY: a PostgreSQL connection string is named by its environment variable (<c>--connection-env</c>) and never stored or printed.</remarks>
public static class SourcesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var domain = new Option<string?>("--domain", "-d") { Description = "Only this domain" };
        var command = new Command("sources", "List, add, sync or remove sources (without a subcommand: list)") { domain };
        command.SetAction((parse, cancellationToken) => ListAsync(context(parse), parse.GetValue(domain), cancellationToken));
        var listDomain = new Option<string?>("--domain", "-d") { Description = "Only this domain" };
        var list = new Command("list", "List sources with their document counts, last ingest and stored settings") { listDomain };
        list.SetAction((parse, cancellationToken) => ListAsync(context(parse), parse.GetValue(listDomain), cancellationToken));
        command.Add(SourcesAddCommand.Create(context));
        command.Add(Sync(context));
        command.Add(list);
        command.Add(Remove(context));
        return command;
    }

    /// <summary>
    /// One line of a definition's settings beyond its location, for people; it holds no secret because the definition
    /// holds none (a PostgreSQL source shows the name of its connection variable).
    /// </summary>
    internal static string Describe(SourceDefinition definition)
    {
        var parts = new List<string>();
        switch (definition)
        {
            case { Files: { } files }:
                AddList(parts, "include", files.Include);
                AddList(parts, "exclude", files.Exclude);
                break;
            case { Sql: { } sql }:
                AddList(parts, "connection from", sql.ConnectionEnv is null ? [] : ["$" + sql.ConnectionEnv]);
                AddList(parts, "key", sql.Key);
                AddList(parts, "title", sql.Title is null ? [] : [sql.Title]);
                AddList(parts, "text", sql.Text);
                AddList(parts, "updated", sql.Updated is null ? [] : [sql.Updated]);
                AddList(parts, "acl column", sql.AclColumn is null ? [] : [sql.AclColumn]);
                break;
            case { Web: { } web }:
                parts.Add($"depth {web.Depth}, at most {web.MaxPages} pages");
                AddList(parts, "hosts", web.AllowHosts);
                AddList(parts, "allowed", [.. web.AllowLoopback ? ["loopback"] : Array.Empty<string>(), .. web.AllowPrivateNetworks ? ["private networks"] : Array.Empty<string>()]);
                break;
        }

        AddList(parts, "allow", definition.Allow);
        AddList(parts, "deny", definition.Deny);
        AddList(parts, "governance", definition.Governance);
        return string.Join("; ", parts);
    }

    private static void AddList(List<string> parts, string label, IReadOnlyList<string> values)
    {
        if (values.Count > 0)
        {
            parts.Add($"{label} {string.Join(", ", values)}");
        }
    }

    private static async Task<int> ListAsync(CliContext cli, string? domain, CancellationToken cancellationToken)
    {
        using var knowledge = cli.OpenKnowledgeBase();
        var sources = await new SourceRegistry(knowledge).ListAsync(domain, cancellationToken: cancellationToken);
        if (cli.Json)
        {
            CliJson.Write(cli.Output, new
            {
                Count = sources.Count,
                Sources = sources.Select(s => new
                {
                    s.Summary.Source.Id,
                    s.Summary.Source.Domain,
                    s.Summary.Source.Kind,
                    s.Summary.Source.Location,
                    s.Summary.DocumentCount,
                    s.Summary.LastIngestedAt,
                    Defined = s.Definition is not null,
                    s.Definition,
                }),
            });
            return 0;
        }

        var table = new Table().AddColumns("id", "domain", "kind", "location", "documents", "last ingest", "stored settings");
        foreach (var s in sources)
        {
            var source = s.Summary.Source;
            table.AddRow(
                source.Id,
                Markup.Escape(source.Domain),
                source.Kind,
                Markup.Escape(source.Location),
                $"{s.Summary.DocumentCount}",
                $"{s.Summary.LastIngestedAt:u}",
                s.Definition is null ? "[grey](none: ingested directly)[/]" : Markup.Escape(Describe(s.Definition)));
        }

        cli.Console.Write(table);
        return 0;
    }

    private static Command Sync(Func<ParseResult, CliContext> context)
    {
        var ids = new Argument<string[]>("id") { Description = "Sources to sync (see 'hunyu sources list')", Arity = ArgumentArity.ZeroOrMore };
        var all = new Option<bool>("--all") { Description = "Sync every source with a stored definition" };
        var command = new Command("sync", "Ingest stored sources again (incremental: unchanged documents skipped, deleted ones removed)") { ids, all };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var given = parse.GetValue(ids) ?? [];
            if (given.Length > 0 == parse.GetValue(all))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, "sources sync: give source ids or --all, not both and not neither");
            }

            using var knowledge = cli.OpenKnowledgeBase();
            var registry = new SourceRegistry(knowledge);
            var targets = given.Length > 0
                ? [.. given.Distinct(StringComparer.Ordinal)]
                : (await registry.ListAsync(cancellationToken: cancellationToken)).Where(s => s.Definition is not null).Select(s => s.Summary.Source.Id).ToList();
            if (targets.Count == 0)
            {
                await cli.Error.WriteLineAsync("no source has a stored definition; add one with 'hunyu sources add'");
            }

            var outcomes = new List<SyncOutcome>();
            for (var i = 0; i < targets.Count; i++)
            {
                outcomes.Add(await SyncOneAsync(cli, registry, targets[i], $"[{i + 1}/{targets.Count}]", cancellationToken));
            }

            if (cli.Json)
            {
                CliJson.Write(cli.Output, new
                {
                    Synced = outcomes.Count(o => o.Error is null),
                    Failed = outcomes.Count(o => o.Error is not null),
                    Sources = outcomes.Select(o => new
                    {
                        o.Id,
                        Run = o.Result is null ? null : IngestCommand.Summary(o.Result),
                        Error = o.Error is null ? null : new { o.Error.Error.Code, o.Error.Message },
                    }),
                });
            }

            // One failed source never stops the others; the exit code says whether any failed.
            var codes = outcomes.Select(o => o.ExitCode).ToList();
            return codes.All(code => code == 0) ? 0
                : codes.All(code => code != 0) ? codes[0]
                : ErrorCode.PartialFailure.ExitCode;
        });
        return command;
    }

    private static async Task<SyncOutcome> SyncOneAsync(CliContext cli, SourceRegistry registry, string id, string position, CancellationToken cancellationToken)
    {
        await cli.Error.WriteLineAsync($"{position} syncing source {id}");
        try
        {
            var result = await IngestCommand.RunWithProgressAsync(cli, $"syncing {id}", progress => registry.SyncAsync(id, progress, cancellationToken));
            IngestCommand.ReportPart(cli, result);

            return new SyncOutcome(id, result, null, IngestCommand.ExitCode(result));
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The per-source boundary: the failure is reported with its source and the next source runs.
            var error = e as HunyuException ?? new HunyuException(ErrorCode.Internal, $"{e.GetType().Name}: {e.Message}", e);
            var message = error.Message.Contains(id, StringComparison.Ordinal) ? error.Message : $"source {id}: {error.Message}";
            await cli.Error.WriteLineAsync($"error [{error.Error.Code}]: {message}");
            return new SyncOutcome(id, null, error, error.Error.ExitCode);
        }
    }

    private static Command Remove(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "Source id (see 'hunyu sources list')" };
        var command = new Command("remove", "Remove a source: its documents from the index and catalog, its definition and connector state") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var sourceId = parse.GetRequiredValue(id);
            using var knowledge = cli.OpenKnowledgeBase();
            var removed = await new SourceRegistry(knowledge).RemoveAsync(sourceId, cancellationToken)
                ?? throw new HunyuException(ErrorCode.NotFound, $"source '{sourceId}': not found; 'hunyu sources list' shows the ids");
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Removed = sourceId, removed.Source.Domain, removed.Source.Kind, removed.Source.Location, Documents = removed.DocumentCount });
            }
            else
            {
                cli.Console.MarkupLineInterpolated($"removed source {sourceId} ({removed.Source.Kind} {removed.Source.Location}) from domain [bold]{removed.Source.Domain}[/]: {removed.DocumentCount} documents");
            }

            return 0;
        });
        return command;
    }

    /// <summary>How the sync of one source ended: its ingest, or the error that stopped it.</summary>
    private sealed record SyncOutcome(string Id, IngestionResult? Result, HunyuException? Error, int ExitCode);
}
