using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting.Notes;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu notes add|list|show|edit|delete</c>: the local user's personal notes, searched with everything else but
/// only for their owner. The CLI on the embedded store runs as the local administrator, so these are that user's notes.
/// </summary>
public static class NotesCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var command = new Command("notes", "Personal notes: searched with everything else, visible only to their owner");
        command.Add(Add(context));
        command.Add(List(context));
        command.Add(Show(context));
        command.Add(Edit(context));
        command.Add(Delete(context));
        return command;
    }

    private static Principal Owner => Principal.LocalAdmin;

    private static Command Add(Func<ParseResult, CliContext> context)
    {
        var text = new Argument<string>("text") { Description = "The note's text ('-' reads standard input)" };
        var title = new Option<string?>("--title", "-t") { Description = "One-line title (default: the text's first line)" };
        var command = new Command("add", "Add a note") { text, title };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            using var knowledge = cli.OpenKnowledgeBase();
            var note = await new PersonalNotes(knowledge).AddAsync(Owner, parse.GetValue(title), await ReadTextAsync(parse.GetRequiredValue(text)), cancellationToken);
            Print(cli, note);
            return 0;
        });
        return command;
    }

    private static Command List(Func<ParseResult, CliContext> context)
    {
        var command = new Command("list", "List notes, newest first");
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            using var knowledge = cli.OpenKnowledgeBase();
            var notes = await new PersonalNotes(knowledge).ListAsync(Owner, cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Count = notes.Count, Notes = notes });
                return 0;
            }

            var table = new Table().AddColumns("id", "title", "updated");
            foreach (var note in notes)
            {
                table.AddRow(note.Id, Markup.Escape(note.Title), $"{note.UpdatedAt:u}");
            }

            cli.Console.Write(table);
            return 0;
        });
        return command;
    }

    private static Command Show(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "Note id (see 'hunyu notes list')" };
        var command = new Command("show", "Print a note") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            using var knowledge = cli.OpenKnowledgeBase();
            var noteId = parse.GetRequiredValue(id);
            Print(cli, await new PersonalNotes(knowledge).GetAsync(Owner, noteId, cancellationToken) ?? throw NotFound(noteId), withText: true);
            return 0;
        });
        return command;
    }

    private static Command Edit(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "Note id" };
        var text = new Option<string?>("--text") { Description = "New text ('-' reads standard input)" };
        var title = new Option<string?>("--title", "-t") { Description = "New title" };
        var command = new Command("edit", "Change a note's text or title") { id, text, title };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var noteId = parse.GetRequiredValue(id);
            var newText = parse.GetValue(text) is { } given ? await ReadTextAsync(given) : null;
            if (newText is null && parse.GetValue(title) is null)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"note {noteId}: give --text or --title to change");
            }

            using var knowledge = cli.OpenKnowledgeBase();
            Print(cli, await new PersonalNotes(knowledge).UpdateAsync(Owner, noteId, parse.GetValue(title), newText, cancellationToken) ?? throw NotFound(noteId));
            return 0;
        });
        return command;
    }

    private static Command Delete(Func<ParseResult, CliContext> context)
    {
        var id = new Argument<string>("id") { Description = "Note id" };
        var command = new Command("delete", "Delete a note") { id };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var noteId = parse.GetRequiredValue(id);
            using var knowledge = cli.OpenKnowledgeBase();
            if (!await new PersonalNotes(knowledge).DeleteAsync(Owner, noteId, cancellationToken))
            {
                throw NotFound(noteId);
            }

            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Deleted = noteId });
            }
            else
            {
                cli.Console.MarkupLineInterpolated($"deleted note {noteId}");
            }

            return 0;
        });
        return command;
    }

    private static void Print(CliContext cli, Note note, bool withText = false)
    {
        if (cli.Json)
        {
            CliJson.Write(cli.Output, note);
            return;
        }

        cli.Console.MarkupLineInterpolated($"[bold]{note.Title}[/] [grey]({note.Id}, {note.Domain}, {note.UpdatedAt:u})[/]");
        if (withText)
        {
            cli.Console.WriteLine(note.Text);
        }
    }

    private static async Task<string> ReadTextAsync(string text) => text == "-" ? await Console.In.ReadToEndAsync() : text;

    private static HunyuException NotFound(string id) => new(ErrorCode.NotFound, $"note {id}: not found");
}
