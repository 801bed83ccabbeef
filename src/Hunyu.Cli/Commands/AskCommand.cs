using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Search;
using Hunyu.Hosting;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu ask QUESTION</c>: a short answer in which every sentence cites its source.</summary>
public static class AskCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var arguments = new SearchArguments(defaultLimit: 8);
        var command = new Command("ask", "Answer a question from the knowledge base, with citations");
        arguments.AddTo(command);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var asked = await RunAsync(cli, arguments.ServerClient(parse), arguments.ToRequest(parse), cancellationToken);
            var (answer, search) = asked;
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Answer = answer.Text, answer.Citations, answer.Abstained, answer.Answerer, asked.Decision, search.Hits, search.Warnings });
            }
            else
            {
                cli.Console.WriteLine(answer.Text);
                foreach (var citation in answer.Citations)
                {
                    var page = citation.Page is { } p ? $", p.{p}" : string.Empty;
                    cli.Console.MarkupLineInterpolated($"[grey][[{citation.Number}]] {citation.Title}{page} — {citation.Uri}[/]");
                }
            }

            SearchCommand.WriteWarnings(cli, search.Warnings);
            return 0;
        });
        return command;
    }

    /// <summary>Asks the server when one is named (client mode), else the local knowledge base.</summary>
    private static async Task<AskResult> RunAsync(CliContext cli, Client.ServerClient? server, SearchRequest request, CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            using (server)
            {
                return await server.AskAsync(request, cancellationToken);
            }
        }

        using var knowledge = cli.OpenKnowledgeBase();
        return await knowledge.AskAsync(request, cancellationToken);
    }
}
