using System.Collections.Concurrent;
using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Connectors;
using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Governance.Pii;
using Hunyu.Ingestion.Parsing;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu clean PATH</c> or <c>hunyu clean --dataset DIR</c>: runs the governance pipeline (and chunk-level
/// deduplication) over files or a BEIR corpus without indexing anything, and reports what it kept, dropped and found.
/// </summary>
public static class CleanCommand
{
    /// <summary>The step name under which inputs that could not be read are reported.</summary>
    public const string ParseStep = "parse";

    /// <summary>Entries of each list shown by the human-readable report (all are in <c>--json</c>).</summary>
    public const int ListedEntries = 20;

    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var path = new Argument<string?>("path") { Description = "File or folder to clean (folders are read recursively)", Arity = ArgumentArity.ZeroOrOne };
        var dataset = new Option<string?>("--dataset") { Description = "BEIR folder: its corpus.jsonl is cleaned ({_id|id, title, text} per line)" };
        var fold = new Option<bool>("--fold-simplified") { Description = "Fold Traditional Chinese to Simplified in the governed text" };
        var threshold = new Option<double>("--threshold") { Description = "Near-duplicate Jaccard threshold (0.3-1)", DefaultValueFactory = _ => new DedupOptions().Threshold };
        var noChunks = new Option<bool>("--no-chunks") { Description = "Skip chunking and chunk-level deduplication" };
        var command = new Command("clean", "Run the governance pipeline (normalise, boilerplate, quality, dedup) without indexing and report what it kept and dropped")
        {
            path, dataset, fold, threshold, noChunks,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var options = new GovernanceOptions
            {
                FoldToSimplified = parse.GetValue(fold),
                Dedup = new DedupOptions { Threshold = parse.GetValue(threshold), Chunks = !parse.GetValue(noChunks) },
            };
            try
            {
                options.Validate();
            }
            catch (ArgumentOutOfRangeException e)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"clean: {e.Message.Split(Environment.NewLine)[0]}");
            }

            var source = Source.Open(parse.GetValue(path), parse.GetValue(dataset));
            // CPU-bound: off the caller's thread so cancellation (Ctrl+C) is observed.
            var (report, bytes) = await Task.Run(() => Run(cli, source, options, !parse.GetValue(noChunks), cancellationToken), cancellationToken);
            using (report)
            {
                await Print(cli, source, report, bytes, cancellationToken);
                return ExitCode(report, source);
            }
        });
        return command;
    }

    private static (GovernanceReport Report, long Bytes) Run(CliContext cli, Source source, GovernanceOptions options, bool chunk, CancellationToken cancellationToken)
    {
        var report = new GovernanceReport();
        var pipeline = GovernancePipeline.CreateDefault(options, extraSteps: [PiiStep.Default]);
        var chunker = new StructuredChunker(new ChunkingOptions());
        Func<GovernedDocument, IReadOnlyList<Hunyu.Core.Knowledge.Chunk>>? cut = chunk ? document => chunker.Chunk(document.Id, document.Blocks).Chunks : null;
        var progress = cli.Json ? null : new RateProgress(cli.Error, "cleaned");
        var stopwatch = Stopwatch.StartNew();
        try
        {
            foreach (var _ in pipeline.Run(source.Read(cancellationToken), cut, report, cancellationToken))
            {
                source.DrainFailures(report);
                progress?.Report(report.Documents, source.BytesRead, stopwatch.Elapsed);
            }
        }
        finally
        {
            progress?.EndLine();
        }

        source.DrainFailures(report);
        report.Finish(stopwatch.Elapsed);
        return (report, source.BytesRead);
    }

    private static async Task Print(CliContext cli, Source source, GovernanceReport report, long bytes, CancellationToken cancellationToken)
    {
        var megabytes = bytes / 1048576.0;
        var perSecond = report.Seconds > 0 ? megabytes / report.Seconds : 0;
        if (cli.Json)
        {
            // Streamed: the lists of a huge run come back from their spill files entry by entry.
            await CliJson.WriteStreamingAsync(cli.Output, report, [new("source", source.Display), new("bytes", bytes), new("mb_per_second", Math.Round(perSecond, 3))], cancellationToken);
            return;
        }

        var table = new Table().AddColumns("item", "value");
        foreach (var (item, value) in new (string, string)[]
        {
            ("source", source.Display),
            ("documents", $"{report.Documents:N0}"),
            ("kept", $"{report.Kept:N0}"),
            ("duplicates (documents / chunks)", $"{report.Duplicates.Count(d => d.Level == GovernanceLevel.Document):N0} / {report.Duplicates.Count(d => d.Level == GovernanceLevel.Chunk):N0}"),
            ("dropped", $"{report.Dropped.Count:N0}"),
            ("chunks kept / cut", $"{report.ChunksKept:N0} / {report.Chunks:N0}"),
            ("languages", string.Join(", ", report.Languages.Select(pair => $"{pair.Key} {pair.Value:N0}"))),
            ("characters in / kept", $"{report.CharactersIn:N0} / {report.CharactersKept:N0}"),
            ("seconds", $"{report.Seconds:F1} ({megabytes:F1} MB, {perSecond:F1} MB/s)"),
        })
        {
            table.AddRow(Markup.Escape(item), Markup.Escape(value));
        }

        cli.Console.Write(table);
        var steps = new Table().AddColumns("step", "changed", "dropped", "duplicates");
        foreach (var (name, counts) in report.Steps)
        {
            steps.AddRow(Markup.Escape(name), $"{counts.Changed:N0}", $"{counts.Dropped:N0}", $"{counts.Duplicates:N0}");
        }

        cli.Console.Write(steps);
        List(cli, "duplicates", report.Duplicates, d => $"{d.Id} → {d.DuplicateOf} ({d.Kind.ToString().ToLowerInvariant()}, {d.Similarity.ToString("0.###", CultureInfo.InvariantCulture)}{(d.Level == GovernanceLevel.Chunk ? ", chunk" : string.Empty)})");
        List(cli, "dropped", report.Dropped, d => $"{d.Id} [{d.Step}]: {d.Reason}");
        List(cli, "pii", report.Pii, p => $"{p.Id} {p.Type} {p.Start}-{p.End}");
    }

    private static void List<T>(CliContext cli, string name, IReadOnlyCollection<T> entries, Func<T, string> line)
    {
        if (entries.Count == 0)
        {
            return;
        }

        cli.Output.WriteLine($"{name}:");
        foreach (var entry in entries.Take(ListedEntries))
        {
            cli.Output.WriteLine($"  {line(entry)}");
        }

        if (entries.Count > ListedEntries)
        {
            cli.Output.WriteLine($"  … {entries.Count - ListedEntries:N0} more (--json lists all)");
        }
    }

    /// <summary>0 when any document was read; otherwise the first failure's own code, like <c>hunyu ingest</c>.</summary>
    private static int ExitCode(GovernanceReport report, Source source)
    {
        var failures = report.Dropped.Where(d => d.Step == ParseStep).ToList();
        if (report.Documents == 0)
        {
            throw new HunyuException(ErrorCode.EmptyInput, $"{source.Display}: no documents to clean");
        }

        if (failures.Count == 0)
        {
            return 0;
        }

        return failures.Count == report.Documents ? source.FirstFailureCode.ExitCode : ErrorCode.PartialFailure.ExitCode;
    }

    /// <summary>Where the documents come from: a BEIR corpus or files, read lazily, with bytes read and unreadable inputs.</summary>
    private sealed class Source
    {
        private readonly ConcurrentQueue<(string Id, string Reason, ErrorCode Code)> _failures = new();
        private readonly string? _corpus;
        private readonly string? _path;
        private long _bytesRead;

        private Source(string display, string? corpus, string? path)
        {
            Display = display;
            _corpus = corpus;
            _path = path;
        }

        public string Display { get; }

        public long BytesRead => Interlocked.Read(ref _bytesRead);

        public ErrorCode FirstFailureCode { get; private set; } = ErrorCode.CorruptInput;

        /// <exception cref="HunyuException">Neither or both of PATH and --dataset, or the input does not exist.</exception>
        public static Source Open(string? path, string? dataset)
        {
            if ((path is null) == (dataset is null))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, "clean: give a PATH or --dataset DIR (one of them)");
            }

            if (dataset is not null)
            {
                var corpus = Path.Combine(dataset, "corpus.jsonl");
                if (!File.Exists(corpus))
                {
                    throw new HunyuException(ErrorCode.PathNotFound, Directory.Exists(dataset) ? $"{dataset}: no corpus.jsonl in the folder" : $"{dataset}: folder not found");
                }

                return new Source(dataset, corpus, null);
            }

            if (!File.Exists(path) && !Directory.Exists(path))
            {
                throw new HunyuException(ErrorCode.PathNotFound, $"{path}: no such file or folder");
            }

            return new Source(path!, null, path);
        }

        public IEnumerable<GovernanceInput> Read(CancellationToken cancellationToken) => _corpus is not null ? ReadCorpus(_corpus) : ReadFiles(_path!, cancellationToken);

        /// <summary>Moves the unreadable inputs seen so far into <paramref name="report"/> (called on the report's thread).</summary>
        public void DrainFailures(GovernanceReport report)
        {
            while (_failures.TryDequeue(out var failure))
            {
                if (report.Dropped.All(d => d.Step != ParseStep))
                {
                    FirstFailureCode = failure.Code;
                }

                report.AddFailure(failure.Id, ParseStep, failure.Reason);
            }
        }

        private IEnumerable<GovernanceInput> ReadCorpus(string corpus)
        {
            var problems = new List<ParseProblem>();
            using var stream = File.OpenRead(corpus);
            foreach (var document in new JsonLinesParser().Parse(stream, corpus, problems))
            {
                Interlocked.Exchange(ref _bytesRead, stream.Position);
                Fail(problems);
                yield return new GovernanceInput(document.RecordKey ?? $"line{_bytesRead}", document);
            }

            Interlocked.Exchange(ref _bytesRead, stream.Length);
            Fail(problems);
        }

        private IEnumerable<GovernanceInput> ReadFiles(string path, CancellationToken cancellationToken)
        {
            var connector = new FileSourceConnector(path, new FileSystemConnectorOptions(), ParserRegistry.CreateDefault());
            foreach (var item in connector.ReadAsync(cancellationToken).ToBlockingEnumerable(cancellationToken))
            {
                if (item.Problem is { } problem)
                {
                    _failures.Enqueue((item.Key, problem.Message, problem.Error));
                    continue;
                }

                var problems = new List<ParseProblem>();
                IEnumerator<ParsedDocument>? documents = null;
                try
                {
                    documents = item.ReadDocuments(problems).GetEnumerator();
                }
                catch (HunyuException e)
                {
                    _failures.Enqueue((item.Key, e.Message, e.Error));
                }

                while (documents is not null)
                {
                    ParsedDocument document;
                    try
                    {
                        if (!documents.MoveNext())
                        {
                            break;
                        }

                        document = documents.Current;
                    }
                    catch (Exception e) when (e is HunyuException or IOException or UnauthorizedAccessException or InvalidDataException or FormatException)
                    {
                        // One unreadable file never stops the run; it is reported like a dropped document.
                        _failures.Enqueue((item.Key, e.Message, e is HunyuException h ? h.Error : ErrorCode.CorruptInput));
                        break;
                    }

                    Fail(problems);
                    yield return new GovernanceInput(document.RecordKey is null ? item.Key : $"{item.Key}#{document.RecordKey}", document);
                }

                documents?.Dispose();
                Fail(problems);
                Interlocked.Add(ref _bytesRead, item.Length);
            }
        }

        private void Fail(List<ParseProblem> problems)
        {
            foreach (var problem in problems)
            {
                var id = problem.RecordKey is null ? $"{problem.FileName} {problem.Location}" : $"{problem.FileName}#{problem.RecordKey}";
                _failures.Enqueue((id, problem.Message, problem.Error));
            }

            problems.Clear();
        }
    }
}
