using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>Commands that show and change the documents and runs of the knowledge base: documents, runs, delete.</summary>
public static class CatalogCommands
{
    /// <summary><c>hunyu documents [--domain D] [--tenant T]</c>: documents of one tenant (the local administrator's, <c>default</c>, unless named).</summary>
    public static Command Documents(Func<ParseResult, CliContext> context)
    {
        var domain = new Option<string?>("--domain", "-d") { Description = "Only this domain" };
        var offset = new Option<int>("--offset") { Description = "Skip this many", DefaultValueFactory = _ => 0 };
        var limit = new Option<int>("--limit", "-n") { Description = "Show at most this many (1-1000)", DefaultValueFactory = _ => 50 };
        var tenant = new Option<string?>("--tenant") { Description = $"Documents of this tenant's domains (default: {Principal.DefaultTenant})" };
        var command = new Command("documents", "List documents of one tenant, newest first") { domain, offset, limit, tenant };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var count = parse.GetValue(limit);
            if (count is < 1 or > 1000 || parse.GetValue(offset) < 0)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"--limit {count} / --offset {parse.GetValue(offset)}: limit must be 1-1000 and offset not negative");
            }

            using var knowledge = cli.OpenKnowledgeBase();
            var caller = AuditCaller.Current.Principal;
            var viewer = parse.GetValue(tenant) is { } named ? caller with { Tenant = named } : caller;
            var page = await knowledge.ListDocumentsAsync(viewer, parse.GetValue(domain), parse.GetValue(offset), count, cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Count = page.Total, page.Documents });
                return 0;
            }

            var table = new Table().AddColumns("id", "domain", "title", "key", "v", "updated");
            foreach (var d in page.Documents)
            {
                table.AddRow(d.Id, Markup.Escape(d.Domain), Markup.Escape(d.Title), Markup.Escape(d.Key), $"{d.Version}", $"{d.UpdatedAt:u}");
            }

            cli.Console.Write(table);
            cli.Console.MarkupLineInterpolated($"[grey]{page.Documents.Count} of {page.Total} documents[/]");
            return 0;
        });
        return command;
    }

    /// <summary><c>hunyu delete ID</c>.</summary>
    public static Command Delete(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "Document id (see 'hunyu documents')" };
        var command = new Command("delete", "Delete a document from its index and the catalog") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var documentId = parse.GetRequiredValue(id);
            using var knowledge = cli.OpenKnowledgeBase();
            if (!await knowledge.DeleteDocumentAsync(documentId, cancellationToken))
            {
                throw new HunyuException(ErrorCode.NotFound, $"document {documentId}: not found");
            }

            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Deleted = documentId });
            }
            else
            {
                cli.Console.MarkupLineInterpolated($"deleted {documentId}");
            }

            return 0;
        });
        return command;
    }

    /// <summary><c>hunyu runs</c>.</summary>
    public static Command Runs(Func<ParseResult, CliContext> context)
    {
        var limit = new Option<int>("--limit", "-n") { Description = "How many recent runs", DefaultValueFactory = _ => 20 };
        var command = new Command("runs", "List recent ingestion runs with their counts and failures") { limit, RunsShowCommand.Create(context) };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            using var knowledge = cli.OpenKnowledgeBase();
            var runs = await knowledge.ListRunsAsync(Math.Clamp(parse.GetValue(limit), 1, 1000), cancellationToken: cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Count = runs.Count, Runs = runs });
                return 0;
            }

            var table = new Table().AddColumns("run", "source", "started", "added", "updated", "unchanged", "deleted", "failed");
            foreach (var run in runs)
            {
                var r = run.Report;
                table.AddRow($"{run.Id}", run.SourceId, $"{run.StartedAt:u}", $"{r?.Added}", $"{r?.Updated}", $"{r?.Unchanged}", $"{r?.Deleted}", $"{r?.Failed.Count}");
            }

            cli.Console.Write(table);
            return 0;
        });
        return command;
    }
}
