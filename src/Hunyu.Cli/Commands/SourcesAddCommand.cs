using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Hosting.Sources;
using Hunyu.Ingestion.Connectors.Web;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu sources add</c>: checks a source definition (the folder exists, the database answers, the URLs are allowed)
/// and stores it; <c>--sync</c> ingests it right away. Options of another kind than <c>--kind</c> are refused.
/// </summary>
public static class SourcesAddCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var locations = new Argument<string[]>("location") { Description = "files: the folder or file; web: the start URLs; sql: none", Arity = ArgumentArity.ZeroOrMore };
        var domain = new Option<string>("--domain", "-d") { Description = "Domain the source feeds (created if new)", Required = true };
        var kind = new Option<string>("--kind") { Description = "files, sql or web", Required = true };
        kind.AcceptOnlyFromAmong(SourceDefinition.FilesKind, SourceDefinition.SqlKind, SourceDefinition.WebKind);
        var allow = new Option<string[]>("--allow") { Description = "Who may see the documents: '*', user:NAME or group:NAME (repeatable; default '*')" };
        var deny = new Option<string[]>("--deny") { Description = "Who may not see them (repeatable)" };
        var sync = new Option<bool>("--sync") { Description = "Ingest the source right away" };
        var governance = new Option<string[]>("--governance") { Description = "What this source's syncs do with a governance finding, KIND=ACTION (repeatable, stored): KIND screen, quality, exact or near; ACTION drop or report" };

        var include = new Option<string[]>("--include") { Description = "files: glob of files to read (repeatable)" };
        var exclude = new Option<string[]>("--exclude") { Description = "files: glob of files to skip (repeatable)" };

        var provider = new Option<string>("--provider") { Description = "sql: sqlite or postgres" };
        provider.AcceptOnlyFromAmong(SqlSourceSettings.Sqlite, SqlSourceSettings.Postgres);
        var database = new Option<string>("--database") { Description = "sql (sqlite): the database file" };
        var connectionEnv = new Option<string>("--connection-env") { Description = "sql (postgres): NAME of the environment variable holding the connection string (never stored)" };
        var table = new Option<string>("--table") { Description = "sql: the table or view to read" };
        var query = new Option<string>("--query") { Description = "sql: a SELECT to read instead of a table (needs --name)" };
        var name = new Option<string>("--name") { Description = "sql: the name of the query" };
        var key = new Option<string[]>("--key") { Description = "sql: the column(s) keying each row (repeatable)" };
        var title = new Option<string>("--title") { Description = "sql: the column titling each row" };
        var text = new Option<string[]>("--text") { Description = "sql: column(s) of running text (repeatable)" };
        var updated = new Option<string>("--updated") { Description = "sql: the row's last-modified time or version column" };
        var aclColumn = new Option<string>("--acl-column") { Description = "sql: a column listing who may see each row" };

        var sitemaps = new Option<string[]>("--sitemap") { Description = "web: sitemap URL (repeatable)" };
        var depth = new Option<int?>("--depth") { Description = $"web: links to follow from a start page (default {WebCrawlOptions.DefaultMaxDepth})" };
        var maxPages = new Option<int?>("--max-pages") { Description = $"web: pages to read at most (default {WebCrawlOptions.DefaultMaxPages})" };
        var allowHosts = new Option<string[]>("--allow-host") { Description = "web: another host to follow links to (repeatable)" };
        var allowLoopback = new Option<bool>("--allow-loopback") { Description = "web: allow loopback addresses (SSRF guard; off by default)" };
        var allowPrivate = new Option<bool>("--allow-private-networks") { Description = "web: allow private networks (SSRF guard; off by default)" };

        Option[] fileOptions = [include, exclude];
        Option[] sqlOptions = [provider, database, connectionEnv, table, query, name, key, title, text, updated, aclColumn];
        Option[] webOptions = [sitemaps, depth, maxPages, allowHosts, allowLoopback, allowPrivate];
        var command = new Command("add", "Check and store a source (a folder, a SQL table or query, a web site); --sync ingests it")
        {
            locations, domain, kind, allow, deny, sync, governance,
        };
        foreach (var option in fileOptions.Concat(sqlOptions).Concat(webOptions))
        {
            command.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var chosen = parse.GetRequiredValue(kind);
            foreach (var (options, optionKind) in new[] { (fileOptions, SourceDefinition.FilesKind), (sqlOptions, SourceDefinition.SqlKind), (webOptions, SourceDefinition.WebKind) })
            {
                if (optionKind != chosen && options.FirstOrDefault(o => parse.GetResult(o) is { Implicit: false }) is { } misplaced)
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"{misplaced.Name} applies to --kind {optionKind}, not {chosen}");
                }
            }

            var given = parse.GetValue(locations) ?? [];
            var definition = new SourceDefinition
            {
                Domain = parse.GetRequiredValue(domain),
                Kind = chosen,
                Allow = parse.GetValue(allow) ?? [],
                Deny = parse.GetValue(deny) ?? [],
                Governance = parse.GetValue(governance) ?? [],
            };
            definition = chosen switch
            {
                SourceDefinition.FilesKind => definition with
                {
                    Files = new FileSourceSettings
                    {
                        Path = given is [var path] ? path : throw new HunyuException(ErrorCode.InvalidArgument, $"--kind files takes one folder or file; got {given.Length}"),
                        Include = parse.GetValue(include) ?? [],
                        Exclude = parse.GetValue(exclude) ?? [],
                    },
                },
                SourceDefinition.SqlKind => definition with
                {
                    Sql = given.Length > 0
                        ? throw new HunyuException(ErrorCode.InvalidArgument, "--kind sql takes no location argument; give --database FILE or --connection-env VAR")
                        : new SqlSourceSettings
                        {
                            Provider = parse.GetValue(provider) ?? string.Empty,
                            Database = parse.GetValue(database),
                            ConnectionEnv = parse.GetValue(connectionEnv),
                            Table = parse.GetValue(table),
                            Query = parse.GetValue(query),
                            Name = parse.GetValue(name),
                            Key = parse.GetValue(key) ?? [],
                            Title = parse.GetValue(title),
                            Text = parse.GetValue(text) ?? [],
                            Updated = parse.GetValue(updated),
                            AclColumn = parse.GetValue(aclColumn),
                        },
                },
                _ => definition with
                {
                    Web = new WebSourceSettings
                    {
                        Urls = given,
                        Sitemaps = parse.GetValue(sitemaps) ?? [],
                        Depth = parse.GetValue(depth),
                        MaxPages = parse.GetValue(maxPages),
                        AllowHosts = parse.GetValue(allowHosts) ?? [],
                        AllowLoopback = parse.GetValue(allowLoopback),
                        AllowPrivateNetworks = parse.GetValue(allowPrivate),
                    },
                },
            };

            using var knowledge = cli.OpenKnowledgeBase();
            var registry = new SourceRegistry(knowledge);
            var (source, stored) = await registry.AddAsync(definition, cancellationToken);
            var result = parse.GetValue(sync)
                ? await IngestCommand.RunWithProgressAsync(cli, $"syncing {source.Id}", progress => registry.SyncAsync(source.Id, progress, cancellationToken))
                : null;
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { source.Id, source.Domain, source.Kind, source.Location, Definition = stored, Sync = result is null ? null : IngestCommand.Summary(result) });
            }
            else
            {
                cli.Console.MarkupLineInterpolated($"added source [bold]{source.Id}[/]: {source.Kind} {source.Location} → domain [bold]{source.Domain}[/]");
                cli.Console.MarkupLineInterpolated($"[grey]{SourcesCommand.Describe(stored)}[/]");
            }

            if (result is null)
            {
                return 0;
            }

            IngestCommand.ReportPart(cli, result);
            return IngestCommand.ExitCode(result);
        });
        return command;
    }
}
