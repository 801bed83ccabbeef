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
            var table = new Table().AddColumns("dataset", "docs", "queries", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "queries/s", "index s");
            table.AddRow(
                report.Dataset,
                report.Documents.ToString(System.Globalization.CultureInfo.InvariantCulture),
                report.Queries.ToString(System.Globalization.CultureInfo.InvariantCulture),
                $"{report.NdcgAt10:F4}",
                $"{report.RecallAt10:F4}",
                $"{report.RecallAt100:F4}",
                $"{report.MrrAt10:F4}",
                $"{report.QueriesPerSecond:F1}",
                $"{report.IndexSeconds:F1}");
            cli.Console.Write(table);
            return 0;
        });
        return command;
    }
}
