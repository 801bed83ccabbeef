using System.CommandLine;
using System.Globalization;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Ingestion.Governance;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu runs show ID</c>: one ingestion run with its counts, failures and governance report.</summary>
public static class RunsShowCommand
{
    /// <summary>Entries of each list shown by the human-readable report (all are in <c>--json</c>).</summary>
    public const int ListedEntries = 20;

    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<long>("id") { Description = "Run id (see 'hunyu runs')" };
        var command = new Command("show", "Show one ingestion run with its governance report: what was kept, dropped, deduplicated and flagged, and why") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var runId = parse.GetValue(id);
            using var knowledge = cli.OpenKnowledgeBase();
            var details = await knowledge.GetRunAsync(runId, cancellationToken: cancellationToken) ?? throw new HunyuException(ErrorCode.NotFound, $"run {runId}: not found (see 'hunyu runs')");
            using (details.Governance)
            {
                if (cli.Json)
                {
                    // Streamed: a report's long lists come back from their spill files entry by entry.
                    await CliJson.WriteStreamingAsync(cli.Output, new { details.Run, details.Governance }, [], cancellationToken);
                    return 0;
                }

                await PrintAsync(cli, knowledge, details, cancellationToken);
                return 0;
            }
        });
        return command;
    }

    private static async Task PrintAsync(CliContext cli, KnowledgeBase knowledge, RunDetails details, CancellationToken cancellationToken)
    {
        var run = details.Run;
        var report = run.Report;
        var table = new Table().AddColumns("item", "value");
        foreach (var (item, value) in new (string, string)[]
        {
            ("run", $"{run.Id}"),
            ("source", run.SourceId),
            ("started", $"{run.StartedAt:u}"),
            ("finished", run.FinishedAt is { } finished ? $"{finished:u}" : "not finished"),
            ("documents", report is null ? "-" : $"{report.Added:N0} added, {report.Updated:N0} updated, {report.Unchanged:N0} unchanged, {report.Deleted:N0} deleted"),
            ("chunks", report is null ? "-" : $"{report.Chunks:N0}"),
            ("failed", report is null ? "-" : $"{report.Failed.Count:N0}"),
        })
        {
            table.AddRow(Markup.Escape(item), Markup.Escape(value));
        }

        cli.Console.Write(table);
        foreach (var failure in report?.Failed ?? [])
        {
            cli.Output.WriteLine($"failed [{failure.Code}]: {failure.Reason}");
        }

        if (details.Governance is not { } governance)
        {
            cli.Output.WriteLine("governance: no report for this run (it did not finish, or it ran before ingests were governed)");
            return;
        }

        var summary = GovernanceSummary.Of(governance);
        cli.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"governance: {summary.Documents:N0} governed, {summary.Kept:N0} kept, {summary.Duplicates:N0} duplicates dropped, {summary.DuplicatesKept:N0} duplicates kept and reported, {summary.Dropped:N0} dropped, {summary.Flagged:N0} findings reported, {summary.Pii:N0} PII, {summary.ChunkDuplicates:N0} duplicate chunks dropped, {governance.Seconds:F1} s"));
        if (governance.Steps.Count > 0)
        {
            var steps = new Table().AddColumns("step", "changed", "dropped", "duplicates", "reported");
            foreach (var (name, counts) in governance.Steps)
            {
                steps.AddRow(Markup.Escape(name), $"{counts.Changed:N0}", $"{counts.Dropped:N0}", $"{counts.Duplicates:N0}", $"{counts.Reported:N0}");
            }

            cli.Console.Write(steps);
        }

        // The kept copies are named by key when the catalog still has them; ids otherwise.
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var kept in governance.Duplicates.Take(ListedEntries).Select(d => d.DuplicateOf).Distinct(StringComparer.Ordinal))
        {
            var document = await knowledge.GetDocumentAsync(kept.Split(':')[0], Principal.LocalAdmin, cancellationToken);
            if (document is not null)
            {
                keys[kept] = $"{document.Key} ({kept})";
            }
        }

        List(cli, "duplicates", governance.Duplicates, d =>
            $"{Name(d.Id, d.Key)} → {keys.GetValueOrDefault(d.DuplicateOf, d.DuplicateOf)} ({d.Kind.ToString().ToLowerInvariant()}, {d.Similarity.ToString("0.###", CultureInfo.InvariantCulture)}{(d.Level == GovernanceLevel.Chunk ? ", chunk" : string.Empty)}{(d.Kept ? ", kept" : ", dropped")})");
        List(cli, "dropped", governance.Dropped, d => $"{Name(d.Id, d.Key)} [{d.Step}]: {d.Reason}");
        List(cli, "flagged (kept)", governance.Flagged, f => $"{Name(f.Id, f.Key)} [{f.Step}]: {f.Reason}");
        List(cli, "pii", governance.Pii, p => $"{p.Id} {p.Type} {p.Start}-{p.End}");
        foreach (var warning in governance.Warnings)
        {
            cli.Output.WriteLine($"warning: {warning}");
        }
    }

    private static string Name(string id, string? key) => key is null ? id : $"{key} ({id})";

    private static void List<T>(CliContext cli, string name, IReadOnlyCollection<T> entries, Func<T, string> line)
    {
        if (entries.Count == 0)
        {
            return;
        }

        cli.Output.WriteLine($"{name}:");
        foreach (var entry in entries.Take(ListedEntries))
        {
            cli.Output.WriteLine($"  {line(entry)}");
        }

        if (entries.Count > ListedEntries)
        {
            cli.Output.WriteLine($"  … {entries.Count - ListedEntries:N0} more (--json lists all)");
        }
    }
}
