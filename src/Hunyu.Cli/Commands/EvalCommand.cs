using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Hosting.Evaluation;
using Hunyu.Search.Learning;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu eval --dataset DIR</c>: retrieval quality and speed on a BEIR dataset.</summary>
public static class EvalCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var dataset = new Option<string?>("--dataset") { Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels.tsv" };
        var domains = new Option<string?>("--domains") { Description = "Several BEIR folders, comma-separated, mixed as domains (named after the folders): federated vs oracle scores" };
        var learn = new Option<string?>("--learn") { Description = "Model folder (or file) from 'hunyu learn': search with its expansions; the questions it was trained on are left out" };
        var command = new Command("eval", "Index BEIR data in a temporary directory and report nDCG@10, Recall@10/100, MRR@10, queries/s") { dataset, domains, learn };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var progress = cli.Json ? null : new SynchronousProgress<(string Stage, double Fraction)>(p => cli.Error.Write($"\r{p.Stage} {p.Fraction:P0}          "));
            var modelPath = parse.GetValue(learn);
            var learned = modelPath is null ? null : ExpansionModel.Load(modelPath);
            if (parse.GetValue(domains) is { } list)
            {
                var folders = list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
                var mixed = await BeirEvaluator.RunMixedAsync(folders, learned, progress, cancellationToken);
                if (cli.Json)
                {
                    CliJson.Write(cli.Output, mixed);
                    return 0;
                }

                cli.Error.WriteLine();
                var grid = new Table().AddColumns("queries of", "search", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "queries", "q/s");
                void Row(string who, string mode, RetrievalScores s) => grid.AddRow(Markup.Escape(who), mode, $"{s.NdcgAt10:F4}", $"{s.RecallAt10:F4}", $"{s.RecallAt100:F4}", $"{s.MrrAt10:F4}", $"{s.Queries}", $"{s.QueriesPerSecond:F0}");
                foreach (var (name, scores) in mixed.PerDomain)
                {
                    Row(name, "federated", scores.Federated);
                    Row(name, "oracle", scores.Oracle);
                }

                Row("all", "federated", mixed.Federated);
                Row("all", "oracle", mixed.Oracle);
                cli.Console.Write(grid);
                return 0;
            }

            var directory = parse.GetValue(dataset)
                ?? throw new HunyuException(ErrorCode.InvalidArgument, "eval: give --dataset DIR or --domains DIR1,DIR2,...");
            var report = await BeirEvaluator.RunAsync(directory, learned, progress, cancellationToken);
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
                ("learned model", learned is null ? "none" : $"{modelPath} ({learned.Entries:N0} weights)"),
                ("queries left out (trained on)", $"{report.ExcludedQueries}"),
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
