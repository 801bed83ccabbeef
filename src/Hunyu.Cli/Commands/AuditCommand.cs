using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hunyu.Cli.Output;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu audit verify|search</c>: checks the audit log's hash chain (against the anchor kept in
/// <c>&lt;data&gt;/audit.anchor</c> or <c>--anchor FILE</c>) and lists its entries. A broken chain exits with
/// <see cref="ErrorCode.AuditBroken"/>'s code (7).
/// </summary>
public static class AuditCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var command = new Command("audit", "Verify or search the audit log");
        command.Add(Verify(context));
        command.Add(Search(context));
        return command;
    }

    private static Command Verify(Func<ParseResult, CliContext> context)
    {
        var anchorOption = new Option<string?>("--anchor") { Description = "The anchor file to check against and advance (default: <data>/audit.anchor); keep a copy elsewhere" };
        var noAnchor = new Option<bool>("--no-anchor") { Description = "Check the chain alone; read and write no anchor" };
        var command = new Command("verify", "Walk the audit log's hash chain and report the first edited, deleted, inserted or reordered entry") { anchorOption, noAnchor };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var anchorPath = parse.GetValue(noAnchor) ? null : Path.GetFullPath(parse.GetValue(anchorOption) ?? Path.Combine(cli.DataDirectory, AuditAnchor.FileName));
            var anchor = anchorPath is not null && File.Exists(anchorPath)
                ? AuditAnchor.TryParse(await File.ReadAllTextAsync(anchorPath, cancellationToken))
                    ?? throw new HunyuException(ErrorCode.InvalidArgument, $"{anchorPath}: not an audit anchor; expected one line 'COUNT HASH'")
                : null;

            using var knowledge = cli.OpenKnowledgeBase();
            var result = await knowledge.Audit.VerifyAsync(anchor, cancellationToken);

            // The anchor only moves forward from a chain that verified against it.
            if (result.Intact && anchorPath is not null)
            {
                await File.WriteAllTextAsync(anchorPath, result.Anchor + "\n", cancellationToken);
            }

            if (cli.Json)
            {
                CliJson.Write(cli.Output, new VerifyOutput(
                    result.Entries,
                    result.Intact,
                    result.FirstBroken is { } broken ? new BrokenOutput(broken.Sequence, broken.Kind, broken.Reason) : null,
                    result.HeadHash,
                    anchorPath,
                    anchor?.Count));
            }
            else if (result.Intact)
            {
                cli.Console.MarkupLineInterpolated($"[green]intact[/]: {result.Entries} entries, head {result.HeadHash}");
                var anchorNote = anchorPath is null
                    ? $"no anchor: a cut-off tail or a rewritten chain cannot be detected; keep '{result.Anchor}' elsewhere"
                    : $"anchor {anchorPath}: {(anchor is null ? "created" : $"checked ({anchor.Count} entries) and advanced")}";
                cli.Console.MarkupLineInterpolated($"[grey]{anchorNote}[/]");
            }

            if (result.FirstBroken is { } first)
            {
                await cli.Error.WriteLineAsync($"error [{ErrorCode.AuditBroken.Code}]: entry {first.Sequence}: {first.Reason}");
                return ErrorCode.AuditBroken.ExitCode;
            }

            return 0;
        });
        return command;
    }

    private static Command Search(Func<ParseResult, CliContext> context)
    {
        var user = new Option<string?>("--user") { Description = "Only this user's entries" };
        var action = new Option<string?>("--action") { Description = "Only this action (search, ask, ingest, delete, ...)" };
        var since = new Option<string?>("--since") { Description = "Only entries at or after this time (ISO 8601; UTC unless an offset is given)" };
        var until = new Option<string?>("--until") { Description = "Only entries before this time" };
        var limit = new Option<int>("--limit", "-n") { Description = $"At most this many, newest first (1-{AuditQuery.MaxLimit})", DefaultValueFactory = _ => AuditQuery.DefaultLimit };
        var command = new Command("search", "List audit entries, newest first") { user, action, since, until, limit };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var count = parse.GetValue(limit);
            if (count is < 1 or > AuditQuery.MaxLimit)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"--limit {count}: allowed 1-{AuditQuery.MaxLimit}");
            }

            var query = new AuditQuery
            {
                UserId = parse.GetValue(user),
                Action = parse.GetValue(action),
                Since = Time("--since", parse.GetValue(since)),
                Until = Time("--until", parse.GetValue(until)),
                Limit = count,
            };
            using var knowledge = cli.OpenKnowledgeBase();
            var records = await knowledge.Audit.SearchAsync(query, cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Count = records.Count, Entries = records.Select(Output) });
                return 0;
            }

            var table = new Table().AddColumns("seq", "time", "user", "client", "action", "target", "outcome", "detail");
            foreach (var r in records)
            {
                table.AddRow($"{r.Sequence}", Markup.Escape(r.Time), Markup.Escape(r.UserId), Markup.Escape(r.Client), Markup.Escape(r.Action), Markup.Escape(r.Target), Markup.Escape(r.Code is null ? r.Outcome : $"{r.Outcome} ({r.Code})"), Markup.Escape(r.Detail));
            }

            cli.Console.Write(table);
            return 0;
        });
        return command;
    }

    /// <summary>Parses a time option; null when absent.</summary>
    /// <exception cref="HunyuException"><c>invalid_argument</c> naming the option.</exception>
    internal static DateTimeOffset? Time(string option, string? text)
    {
        if (text is null)
        {
            return null;
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
            ? time
            : throw new HunyuException(ErrorCode.InvalidArgument, $"{option} '{text}': not a time; use ISO 8601 such as 2025-03-01 or 2025-03-01T08:00:00Z");
    }

    private static object Output(AuditRecord r) => new
    {
        r.Sequence,
        r.Time,
        r.Tenant,
        User = r.UserId,
        Groups = Json(r.Groups),
        r.Client,
        r.Action,
        r.Target,
        r.Outcome,
        r.Code,
        Detail = Json(r.Detail),
        r.Hash,
    };

    // A stored JSON field is shown as JSON; text that no longer parses (tampered) is shown as it is.
    private static object Json(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return text;
        }
    }

    private sealed record BrokenOutput(long Sequence, AuditBreakKind Kind, string Reason);

    private sealed record VerifyOutput(
        long Entries,
        bool Intact,
        [property: System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.Never)] BrokenOutput? FirstBroken,
        string HeadHash,
        string? Anchor,
        long? AnchorEntries);
}
