using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Search;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu search QUERY</c>: ranked passages with highlighted snippets and citation ids.</summary>
public static class SearchCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var arguments = new SearchArguments(defaultLimit: 10);
        var explain = new Option<bool>("--explain") { Description = "Show why each hit ranked" };
        var command = new Command("search", "Search the knowledge base");
        arguments.AddTo(command);
        command.Add(explain);
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var request = arguments.ToRequest(parse) with { Explain = parse.GetValue(explain) };
            var result = await RunAsync(cli, arguments.ServerClient(parse), request, cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { request.Query, result.TotalHits, result.DomainCounts, result.Routing, result.Hits, result.Warnings, ElapsedMs = Math.Round(result.Elapsed.TotalMilliseconds, 2) });
            }
            else
            {
                PrintHits(cli.Console, result);
            }

            WriteWarnings(cli, result.Warnings);
            return 0;
        });
        return command;
    }

    /// <summary>Searches the server when one is named (client mode), else the local knowledge base.</summary>
    private static async Task<SearchResult> RunAsync(CliContext cli, Client.ServerClient? server, SearchRequest request, CancellationToken cancellationToken)
    {
        if (server is not null)
        {
            using (server)
            {
                return await server.SearchAsync(request, cancellationToken);
            }
        }

        using var knowledge = cli.OpenKnowledgeBase();
        return await knowledge.SearchAsync(request, cancellationToken);
    }

    /// <summary>Most fields of a record shown under its hit.</summary>
    public const int MaxShownFields = 12;

    /// <summary>Prints hits for people: rank, title, where, snippet with the matches in bold, a record's fields.</summary>
    public static void PrintHits(IAnsiConsole console, SearchResult result)
    {
        ArgumentNullException.ThrowIfNull(console);
        ArgumentNullException.ThrowIfNull(result);
        if (result.Hits.Count == 0)
        {
            console.MarkupLine("[yellow]no results[/]");
            return;
        }

        foreach (var hit in result.Hits)
        {
            var where = string.Join(" · ", new[] { hit.Domain, hit.SectionPath, hit.Page is { } page ? $"p.{page}" : string.Empty }.Where(s => s.Length > 0));
            console.MarkupLineInterpolated($"[bold]{hit.Rank}. {hit.Title}[/] [grey]({where}) score {hit.Score:F2} [[{hit.CitationId}]][/]");
            if (hit.Flags.Count > 0)
            {
                // Only administrators are given flags.
                console.MarkupLineInterpolated($"   [red]flagged: {string.Join(", ", hit.Flags)}[/]");
            }

            console.MarkupLine("   " + SnippetMarkup(hit.Snippet));
            // A record (a SQL row, a CSV/JSON record) shows its fields as a table.
            if (hit.DocumentKey.Contains('#', StringComparison.Ordinal) && hit.Fields.Count > 0)
            {
                var fields = new Table().HideHeaders().AddColumns("field", "value");
                foreach (var (name, value) in hit.Fields.Take(MaxShownFields))
                {
                    fields.AddRow(Markup.Escape(name), Markup.Escape(value));
                }

                console.Write(new Padder(fields).PadLeft(3));
            }

            if (hit.Explanation is { } explanation)
            {
                console.WriteLine(explanation);
            }
        }

        var facets = string.Join(", ", result.DomainCounts.Select(c => $"{c.Key} {c.Value}"));
        console.MarkupLineInterpolated($"[grey]{result.Hits.Count} of {result.TotalHits} matching passages ({facets}) in {result.Elapsed.TotalMilliseconds:F1} ms[/]");
    }

    /// <summary>Writes each warning as one line to standard error.</summary>
    public static void WriteWarnings(CliContext cli, IReadOnlyList<SearchWarning> warnings)
    {
        ArgumentNullException.ThrowIfNull(cli);
        ArgumentNullException.ThrowIfNull(warnings);
        foreach (var warning in warnings)
        {
            cli.Error.WriteLine($"warning [{warning.Code}] domain {warning.Domain}: {warning.Message}");
        }
    }

    /// <summary>Turns an HTML-encoded snippet with &lt;em&gt; marks into console markup.</summary>
    private static string SnippetMarkup(string snippet)
    {
        var decoded = System.Net.WebUtility.HtmlDecode(snippet.Replace("<em>", "\u0001", StringComparison.Ordinal).Replace("</em>", "\u0002", StringComparison.Ordinal));
        return Markup.Escape(decoded.ReplaceLineEndings(" ")).Replace("\u0001", "[bold yellow]", StringComparison.Ordinal).Replace("\u0002", "[/]", StringComparison.Ordinal);
    }
}
