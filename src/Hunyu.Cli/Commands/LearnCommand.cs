using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Search.Learning;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary><c>hunyu learn --dataset DIR --out DIR</c>: learns a query-expansion model from a BEIR dataset's judged questions.</summary>
public static class LearnCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var dataset = new Option<string>("--dataset") { Description = "BEIR folder: corpus.jsonl, queries.jsonl, qrels.tsv", Required = true };
        var output = new Option<string>("--out") { Description = $"Folder to write {ExpansionModel.DefaultFileName} to", Required = true };
        var holdout = new Option<double>("--holdout") { Description = $"Share of the judged questions kept out of training, for 'hunyu eval --learn' (0-{ExpansionLearnerOptions.MaxHoldOutFraction})", DefaultValueFactory = _ => ExpansionLearnerOptions.DefaultHoldOutFraction };
        var seed = new Option<int>("--seed") { Description = "Seed of the held-out split and of the training order", DefaultValueFactory = _ => ExpansionLearnerOptions.DefaultSeed };
        var epochs = new Option<int>("--epochs") { Description = "Passes over the training questions (1-50)", DefaultValueFactory = _ => ExpansionLearnerOptions.DefaultEpochs };
        var maxTerms = new Option<int>("--max-terms") { Description = "Most learned word-pair terms added to one question (1-1000); more is slower to search", DefaultValueFactory = _ => ExpansionLearnerOptions.DefaultMaxTerms };
        var memoryWeight = new Option<double>("--memory-weight") { Description = "Weight of the remembered documents' words (0-10; 0 = no memory of judged documents)", DefaultValueFactory = _ => ExpansionLearnerOptions.DefaultMemoryWeight };
        var attach = new Option<string?>("--attach") { Description = "Domain of the knowledge base (--data) whose questions are expanded with the model from now on" };
        var command = new Command("learn", "Learn which corpus words to add to a question (lay wording to corpus wording) from judged questions; no neural model") { dataset, output, holdout, seed, epochs, maxTerms, memoryWeight, attach };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var options = new ExpansionLearnerOptions
            {
                HoldOutFraction = parse.GetValue(holdout),
                Seed = parse.GetValue(seed),
                Epochs = parse.GetValue(epochs),
                MaxTerms = parse.GetValue(maxTerms),
                MemoryWeight = parse.GetValue(memoryWeight),
            };
            // Synchronous: Progress<T> would post to the thread pool and could write after the command returned.
            var progress = cli.Json ? null : new StageProgress(cli.Error);
            var directory = parse.GetRequiredValue(dataset);
            // CPU-bound: off the caller's thread so cancellation (Ctrl+C) is observed.
            LearningResult result;
            try
            {
                result = await Task.Run(() => ExpansionLearner.Learn(directory, options, ExpansionFeatures.Bigrams, progress, cancellationToken), cancellationToken);
            }
            finally
            {
                // An error message then starts on its own line.
                progress?.EndLine();
            }

            var path = Path.Combine(parse.GetRequiredValue(output), ExpansionModel.DefaultFileName);
            result.Model.Save(path);
            var attachedTo = parse.GetValue(attach);
            if (attachedTo is not null)
            {
                using var knowledge = cli.OpenKnowledgeBase();
                knowledge.Learned.Attach(attachedTo, path);
            }
            var summary = new
            {
                Model = path,
                AttachedTo = attachedTo,
                result.Model.Info.Dataset,
                result.TrainingQueries,
                result.HeldOutQueries,
                result.SkippedQueries,
                result.MissingDocuments,
                result.Model.Sources,
                result.Model.RememberedDocuments,
                result.Model.Entries,
                Bytes = new FileInfo(path).Length,
                Seconds = Math.Round(result.Elapsed.TotalSeconds, 1),
            };
            if (cli.Json)
            {
                CliJson.Write(cli.Output, summary);
                return 0;
            }

            var table = new Table().AddColumns("item", "value");
            foreach (var (item, value) in new (string, string)[]
            {
                ("model", summary.Model),
                ("dataset", summary.Dataset),
                ("training questions", $"{summary.TrainingQueries}"),
                ($"held-out questions (seed {options.Seed})", $"{summary.HeldOutQueries}"),
                ("skipped (no relevant document in the corpus)", $"{summary.SkippedQueries}"),
                ("judgements naming a missing document", $"{summary.MissingDocuments}"),
                ("question features / remembered documents / weights", $"{summary.Sources:N0} / {summary.RememberedDocuments:N0} / {summary.Entries:N0}"),
                ("file size", $"{summary.Bytes / 1e6:F1} MB"),
                ("seconds", $"{summary.Seconds:F1}"),
            })
            {
                table.AddRow(Markup.Escape(item), Markup.Escape(value));
            }

            cli.Console.Write(table);
            if (summary.HeldOutQueries > 0)
            {
                cli.Error.WriteLine($"evaluate on the held-out questions: hunyu eval --dataset {directory} --learn {parse.GetRequiredValue(output)}");
            }

            return 0;
        });
        return command;
    }

    /// <summary>Prints "stage NN %" on one line of standard error, only when the whole percentage or the stage changes.</summary>
    private sealed class StageProgress(TextWriter error) : IProgress<(string Stage, double Fraction)>
    {
        private string _last = string.Empty;

        public void EndLine()
        {
            if (_last.Length > 0)
            {
                error.WriteLine();
                _last = string.Empty;
            }
        }

        public void Report((string Stage, double Fraction) value)
        {
            var line = $"{value.Stage} {value.Fraction:P0}";
            if (line != _last)
            {
                _last = line;
                error.Write($"\r{line}          ");
            }
        }
    }
}
