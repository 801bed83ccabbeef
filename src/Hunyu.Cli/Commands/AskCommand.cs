using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Hosting;
using Hunyu.Models.Grounding;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu ask QUESTION</c>: a short answer in which every sentence cites its source, printed as it streams (each
/// sentence once checked); <c>--json</c> prints one JSON object at the end. <c>--history FILE</c> continues a conversation.
/// </summary>
public static class AskCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var arguments = new SearchArguments(defaultLimit: 8);
        var history = new Option<string?>("--history")
        {
            Description = "Conversation file (JSON array of {question, answer}): its turns make QUESTION a follow-up, and this turn is appended to it",
        };
        var command = new Command("ask", "Answer a question from the knowledge base, with citations") { history };
        arguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var historyFile = parse.GetValue(history);
            var turns = historyFile is null ? [] : ConversationFile.Read(historyFile);
            var request = new AskRequest { Search = arguments.ToRequest(parse), History = turns };
            var asked = await RunAsync(cli, arguments.ServerClient(parse), request, cancellationToken);
            var (answer, search) = asked;
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Answer = answer.Text, answer.Citations, answer.Abstained, answer.Answerer, asked.Decision, asked.Rewritten, search.Hits, search.Warnings });
            }
            else
            {
                foreach (var citation in answer.Citations)
                {
                    var page = citation.Page is { } p ? $", p.{p}" : string.Empty;
                    cli.Console.MarkupLineInterpolated($"[grey][[{citation.Number}]] {citation.Title}{page} — {citation.Uri}[/]");
                }
            }

            if (historyFile is not null)
            {
                ConversationFile.Write(historyFile, [.. turns, new ConversationTurn(request.Search.Query, answer.Text)]);
            }

            SearchCommand.WriteWarnings(cli, search.Warnings);
            return 0;
        });
        return command;
    }

    /// <summary>Asks the server when one is named (client mode, the answer whole), else the local knowledge base (streamed unless --json).</summary>
    private static async Task<AskResult> RunAsync(CliContext cli, Client.ServerClient? server, AskRequest request, CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            using (server)
            {
                var answered = await server.AskAsync(request, cancellationToken);
                if (!cli.Json)
                {
                    cli.Console.WriteLine(answered.Answer.Text);
                }

                return answered;
            }
        }

        using var knowledge = cli.OpenKnowledgeBase();
        return cli.Json ? await knowledge.AskAsync(request, cancellationToken) : await StreamAsync(cli, knowledge, request, cancellationToken);
    }

    /// <summary>Prints the answer as it streams, then a line break; the standalone form of a follow-up goes to standard error.</summary>
    private static async Task<AskResult> StreamAsync(CliContext cli, KnowledgeBase knowledge, AskRequest request, CancellationToken cancellationToken)
    {
        await foreach (var delta in knowledge.AskStreamAsync(request, cancellationToken))
        {
            if (delta.Final is { } final)
            {
                cli.Console.WriteLine();
                if (final.Rewritten is { Method: not "unchanged" } rewritten)
                {
                    cli.ErrorConsole.MarkupLineInterpolated($"[grey](searched as: {rewritten.Text})[/]");
                }

                return final;
            }

            cli.Console.Write(delta.Text);
            await cli.Output.FlushAsync(cancellationToken);
        }

        throw new InvalidOperationException("the answer stream ended without its final result");
    }
}
