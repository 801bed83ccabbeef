using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Hosting.Evaluation;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu eval --dataset DIR</c>: retrieval quality and speed on a BEIR dataset.</summary>
public static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var dataset = new Option<string>("--dataset") { Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels.tsv", Required = true };
        var command = new Command("eval", "Index a BEIR dataset in a temporary directory and report nDCG@10, Recall@10/100, MRR@10, queries/s") { dataset };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var directory = parse.GetRequiredValue(dataset);
            var progress = cli.Json ? null : new Progress<(string Stage, double Fraction)>(p => cli.Error.Write($"\r{p.Stage} {p.Fraction:P0}   "));
            var report = await BeirEvaluator.RunAsync(directory, progress, cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, report);
                return 0;
            }

            cli.Error.WriteLine();
            // Two columns, so every metric name stays whole in a narrow or redirected console.
            var table = new Table().AddColumns("metric", "value");
            foreach (var (metric, value) in new (string, string)[]
            {
                ("dataset", report.Dataset),
                ("documents", $"{report.Documents}"),
                ("queries", $"{report.Queries}"),
                ("nDCG@10", $"{report.NdcgAt10:F4}"),
                ("Recall@10", $"{report.RecallAt10:F4}"),
                ("Recall@100", $"{report.RecallAt100:F4}"),
                ("MRR@10", $"{report.MrrAt10:F4}"),
                ("queries/s (top 10, snippets, 1 thread)", $"{report.QueriesPerSecond:F1}"),
                ("index seconds", $"{report.IndexSeconds:F1}"),
            })
            {
                table.AddRow(Markup.Escape(metric), Markup.Escape(value));
            }

            cli.Console.Write(table);
            return 0;
        });
        return command;
    }
}
