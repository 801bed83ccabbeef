using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Jobs;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu ingest PATH</c>: reads a file or folder into a domain, incrementally.</summary>
public static class IngestCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var path = new Argument<string>("path") { Description = "File or folder to ingest (folders are read recursively)" };
        var domain = new Option<string>("--domain", "-d") { Description = "Domain to ingest into", DefaultValueFactory = _ => Domain.DefaultName };
        var kind = new Option<DomainKind>("--kind") { Description = "Kind of a new domain", DefaultValueFactory = _ => DomainKind.Enterprise };
        var include = new Option<string[]>("--include") { Description = "Glob of files to read (repeatable), e.g. '**/*.pdf'" };
        var exclude = new Option<string[]>("--exclude") { Description = "Glob of files to skip (repeatable)" };
        var allow = new Option<string[]>("--allow") { Description = "Who may see the documents: '*', user:NAME or group:NAME (repeatable; default '*')" };
        var deny = new Option<string[]>("--deny") { Description = "Who may not see them (repeatable)" };
        var maxFileMb = new Option<int>("--max-file-mb") { Description = "Largest file read, in MB", DefaultValueFactory = _ => (int)(IngestionLimits.DefaultMaxFileBytes / (1024 * 1024)) };
        var governance = new Option<string[]>("--governance") { Description = "What this ingest does with a governance finding, KIND=ACTION (repeatable): KIND screen, quality, exact or near; ACTION drop or report" };
        var command = new Command("ingest", "Ingest a file or folder into a domain (unchanged files are skipped; removed files are deleted)")
        {
            path, domain, kind, include, exclude, allow, deny, maxFileMb, governance,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var request = new IngestionRequest
            {
                Path = parse.GetRequiredValue(path),
                Domain = parse.GetRequiredValue(domain),
                Kind = parse.GetValue(kind),
                Include = parse.GetValue(include) ?? [],
                Exclude = parse.GetValue(exclude) ?? [],
                Acl = Acl.From(parse.GetValue(allow), parse.GetValue(deny)),
                MaxFileBytes = Math.Max(1, parse.GetValue(maxFileMb)) * 1024L * 1024,
                Governance = GovernanceActionOverrides.Parse(parse.GetValue(governance)),
            };
            using var knowledge = cli.OpenKnowledgeBase();
            var result = await RunWithProgressAsync(cli, $"ingesting {request.Path}", progress => knowledge.IngestAsync(request, progress, cancellationToken));
            Report(cli, result);
            return ExitCode(result);
        });
        return command;
    }

    /// <summary>Runs <paramref name="ingest"/> with a progress bar on standard error when it is a terminal (and not for <c>--json</c>).</summary>
    internal static async Task<IngestionResult> RunWithProgressAsync(CliContext cli, string label, Func<IProgress<IngestionProgress>?, Task<IngestionResult>> ingest)
    {
        if (cli.Json || !cli.ErrorConsole.Profile.Capabilities.Interactive)
        {
            return await ingest(null);
        }

        IngestionResult? result = null;
        await cli.ErrorConsole.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new RemainingTimeColumn())
            .StartAsync(async progressContext =>
            {
                var task = progressContext.AddTask(Markup.Escape(label), maxValue: 1);
                var started = DateTime.UtcNow;
                var progress = new SynchronousProgress<IngestionProgress>(p =>
                {
                    var megabytes = p.BytesDone / 1048576.0;
                    var seconds = Math.Max((DateTime.UtcNow - started).TotalSeconds, 0.001);
                    // A source that cannot tell its size up front shows an indeterminate bar.
                    task.IsIndeterminate = p.BytesTotal is null;
                    task.MaxValue = Math.Max(1, p.BytesTotal ?? 1);
                    task.Value = p.BytesTotal is null ? 0 : p.BytesDone;
                    task.Description = $"{p.FilesDone}/{p.FilesTotal?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?"} items · {p.Documents} docs · {megabytes:F1} MB · {megabytes / seconds:F2} MB/s";
                });
                result = await ingest(progress);
                task.Value = task.MaxValue;
            });
        return result!;
    }

    internal static void Report(CliContext cli, IngestionResult result)
    {
        if (cli.Json)
        {
            CliJson.Write(cli.Output, Summary(result));
        }

        ReportPart(cli, result);
    }

    /// <summary>
    /// Prints an ingest that is part of a larger result: its line for people (with <c>--json</c> the caller embeds
    /// <see cref="Summary"/> instead) and each failure on standard error.
    /// </summary>
    internal static void ReportPart(CliContext cli, IngestionResult result)
    {
        var report = result.Report;
        if (!cli.Json)
        {
            var seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
            cli.Console.MarkupLineInterpolated(
                $"[green]ingested[/] {result.Source.Location} → domain [bold]{result.Source.Domain}[/]: {result.Files} files, {result.Documents} documents ({report.Added} added, {report.Updated} updated, {report.Unchanged} unchanged, {report.Deleted} deleted), {report.Chunks} chunks, {report.Bytes / 1048576.0:F2} MB in {seconds:F1}s");
            var governed = GovernanceSummary.Of(result.Governance);
            if (governed.Documents > 0)
            {
                cli.Console.MarkupLineInterpolated(
                    $"governance: {governed.Documents} governed, {governed.Kept} kept, {governed.Duplicates} duplicates dropped, {governed.DuplicatesKept} duplicates kept and reported, {governed.Dropped} dropped, {governed.Flagged} findings reported, {governed.ChunkDuplicates} duplicate chunks dropped [grey](hunyu runs show {result.RunId})[/]");
            }
        }

        foreach (var failure in report.Failed)
        {
            cli.Error.WriteLine($"failed [{failure.Code}]: {failure.Reason}");
        }

        foreach (var warning in result.Governance.Warnings)
        {
            cli.Error.WriteLine($"warning: {warning}");
        }
    }

    /// <summary>The <c>--json</c> form of an ingest: the run, its source, counts, failures and speed.</summary>
    internal static object Summary(IngestionResult result)
    {
        var report = result.Report;
        var seconds = Math.Max(result.Elapsed.TotalSeconds, 1e-6);
        return new
        {
            RunId = result.RunId,
            Domain = result.Source.Domain,
            SourceId = result.Source.Id,
            Source = result.Source.Location,
            result.Files,
            result.Documents,
            report.Added,
            report.Updated,
            report.Unchanged,
            report.Deleted,
            report.Chunks,
            report.Bytes,
            Failed = report.Failed,
            Seconds = Math.Round(seconds, 3),
            MbPerSecond = Math.Round(report.Bytes / 1048576.0 / seconds, 3),
            DocumentsPerSecond = Math.Round(result.Documents / seconds, 1),
            Governance = GovernanceSummary.Of(result.Governance),
        };
    }

    internal static int ExitCode(IngestionResult result)
    {
        var failed = result.Report.Failed;
        if (failed.Count == 0)
        {
            return 0;
        }

        // Nothing usable came in: the first failure's own code says why; otherwise the batch is partial.
        var first = ErrorCode.All.FirstOrDefault(c => c.Code == failed[0].Code) ?? ErrorCode.CorruptInput;
        return result.Documents == 0 ? first.ExitCode : ErrorCode.PartialFailure.ExitCode;
    }
}
