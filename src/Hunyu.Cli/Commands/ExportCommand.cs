using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using Hunyu.Cli.Output;
using Hunyu.Hosting.Export;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu export pretrain|sft|beir --domain D... --out PATH</c>: the governed knowledge of domains as training data
/// (JSON Lines) or a BEIR evaluation set. An admin operation: every document of the named domains is exported.
/// </summary>
public static class ExportCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var command = new Command("export", "Export domains as pretraining JSONL, SFT question/answer JSONL or a BEIR evaluation set (every document: an admin operation)");
        command.Add(Create(context, ExportKind.Pretrain, "pretrain", "One JSON object per document: id, domain, title, text, source, uri, metadata", "FILE.jsonl"));
        command.Add(Create(context, ExportKind.Sft, "sft", "Question/answer pairs mined from FAQ-style documents: instruction, output, source_id, document_id, citation", "FILE.jsonl"));
        command.Add(Create(context, ExportKind.Beir, "beir", "A BEIR set (corpus.jsonl, queries.jsonl, qrels.tsv) from FAQ questions, headings and titles; 'hunyu eval --dataset DIR' runs it", "DIR"));
        return command;
    }

    private static Command Create(Func<ParseResult, CliContext> context, ExportKind kind, string name, string description, string outName)
    {
        var domains = new Option<string[]>("--domain", "-d") { Description = "Domain to export (repeatable)", Required = true };
        var output = new Option<string>("--out", "-o") { Description = $"Output {outName}", Required = true };
        var force = new Option<bool>("--force") { Description = "Replace an existing output" };
        var personal = new Option<bool>("--include-personal") { Description = "Allow personal domains (someone's notes)" };
        var command = new Command(name, description) { domains, output, force, personal };
        var queries = new Option<int>("--queries") { Description = "Most queries to sample", DefaultValueFactory = _ => ExportRequest.DefaultQueries };
        var seed = new Option<ulong>("--seed") { Description = "Sampling seed (the same seed gives the same queries)", DefaultValueFactory = _ => ExportRequest.DefaultSeed };
        if (kind == ExportKind.Beir)
        {
            command.Add(queries);
            command.Add(seed);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var request = new ExportRequest(kind, parse.GetValue(domains) ?? [], parse.GetRequiredValue(output))
            {
                Force = parse.GetValue(force),
                IncludePersonal = parse.GetValue(personal),
                Queries = kind == ExportKind.Beir ? parse.GetValue(queries) : ExportRequest.DefaultQueries,
                Seed = kind == ExportKind.Beir ? parse.GetValue(seed) : ExportRequest.DefaultSeed,
            };
            using var knowledge = cli.OpenKnowledgeBase();
            var rate = new RateProgress(cli.Error, "exported");
            ExportResult result;
            try
            {
                result = await knowledge.ExportAsync(request, new SynchronousProgress<ExportProgress>(p => rate.Report(p.Documents, p.Bytes, p.Elapsed)), cancellationToken);
            }
            finally
            {
                rate.EndLine();
            }

            Print(cli, result);
            return 0;
        });
        return command;
    }

    private static void Print(CliContext cli, ExportResult result)
    {
        if (cli.Json)
        {
            var json = JsonSerializer.SerializeToNode(result, CliJson.Options)!.AsObject();
            json["seconds"] = Math.Round(result.Seconds, 3);
            json["megabytes_per_second"] = Math.Round(result.MegabytesPerSecond, 3);
            json.Remove("generated");
            json.Remove("generator");
            json.Remove("queries");
            if (result.Kind == ExportKind.Sft)
            {
                // Written even when null: scripts see that no generator ran, not a missing field.
                json["generated"] = result.Generated;
                json["generator"] = result.Generator;
            }
            else if (result.Kind == ExportKind.Beir)
            {
                json["queries"] = result.Queries;
            }

            cli.Output.WriteLine(json.ToJsonString(CliJson.Options));
            return;
        }

        var what = result.Kind switch
        {
            ExportKind.Sft => $"{result.Records:N0} question/answer pairs ({result.Generated:N0} generated; generator: {result.Generator ?? "none, mined only"})",
            ExportKind.Beir => $"{result.Records:N0} corpus documents, {result.Queries:N0} queries",
            _ => $"{result.Records:N0} records",
        };
        cli.Output.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"exported {result.Documents:N0} documents → {what}; {result.PiiMasked:N0} PII values masked by the final guard; {result.Bytes / 1048576.0:F2} MB in {result.Seconds:F1} s ({result.MegabytesPerSecond:F1} MB/s) → {result.Out}"));
    }
}
