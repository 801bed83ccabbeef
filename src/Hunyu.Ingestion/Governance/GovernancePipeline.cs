using System.Collections.Concurrent;
using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// The governance pipeline between parsing and chunking: an ordered list of steps that each document passes through
/// (the default: <c>screen</c>, <c>normalize</c>, <c>boilerplate</c>, <c>quality</c>, <c>dedup</c>), and chunk-level
/// deduplication after chunking. Every document comes out kept (with its changes), dropped (with step and reason)
/// or a duplicate (with the kept one): nothing disappears without an entry.
/// </summary>
/// <remarks>
/// <para>
/// Two ways to drive it. Per document, as an ingest does: <see cref="Process"/> then, after chunking,
/// <see cref="ProcessChunks"/>; calls must not overlap. Streaming, as <c>hunyu clean</c> does: <see cref="Run"/>
/// reads the input on its own thread, governs batches of documents with plain steps running in parallel and ordered
/// steps (<see cref="IOrderedGovernanceStep"/>) in input order, and yields outcomes in input order; memory is bounded
/// by two batches, whatever the corpus size, and the results are the same as <see cref="Process"/> one by one.
/// </para>
/// <para>
/// One pipeline per source: its ordered steps hold the source's state (site boilerplate). Sources of one domain share
/// the dedup indexes, so duplicates are found across the domain.
/// </para>
/// </remarks>
public sealed class GovernancePipeline
{
    /// <summary>Most documents governed in one batch of <see cref="Run"/>.</summary>
    public const int BatchDocuments = 256;

    /// <summary>Most characters governed in one batch of <see cref="Run"/> (a batch closes early for large documents).</summary>
    public const long BatchChars = 32L * 1024 * 1024;

    private readonly GovernanceOptions _options;
    private readonly List<Segment> _segments = [];
    private readonly ChunkDeduplicator? _chunks;

    /// <summary>Creates a pipeline of <paramref name="steps"/>, in order, with chunk deduplication against <paramref name="chunkIndex"/> (none when null).</summary>
    /// <exception cref="ArgumentException">A step is null.</exception>
    /// <exception cref="ArgumentOutOfRangeException">An option is out of range.</exception>
    public GovernancePipeline(GovernanceOptions options, IEnumerable<IGovernanceStep> steps, IDedupIndex? chunkIndex = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(steps);
        options.Validate();
        _options = options;
        Steps = [.. steps];
        if (Steps.Any(step => step is null))
        {
            throw new ArgumentException("a governance step is null", nameof(steps));
        }

        // Consecutive plain steps run together in parallel; each ordered step closes a segment.
        var concurrent = new List<IGovernanceStep>();
        foreach (var step in Steps)
        {
            if (step is IOrderedGovernanceStep ordered)
            {
                _segments.Add(new Segment([.. concurrent], ordered));
                concurrent.Clear();
            }
            else
            {
                concurrent.Add(step);
            }
        }

        if (concurrent.Count > 0)
        {
            _segments.Add(new Segment([.. concurrent], null));
        }

        _chunks = chunkIndex is null ? null : new ChunkDeduplicator(options.Dedup, chunkIndex, options.Actions);
    }

    /// <summary>The steps, in order.</summary>
    public IReadOnlyList<IGovernanceStep> Steps { get; }

    /// <summary>
    /// The default pipeline for <paramref name="options"/>: screen, normalize, page and site boilerplate, quality,
    /// then <paramref name="extraSteps"/> (e.g. PII), then dedup against <paramref name="documentIndex"/> and, after
    /// chunking, <paramref name="chunkIndex"/> (new in-memory indexes when null; none when the options turn them off).
    /// </summary>
    public static GovernancePipeline CreateDefault(GovernanceOptions options, IDedupIndex? documentIndex = null, IDedupIndex? chunkIndex = null, IEnumerable<IGovernanceStep>? extraSteps = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var steps = new List<IGovernanceStep> { new ScreenStep(options), new NormalizeStep(options) };
        if (options.RemovePageBoilerplate)
        {
            steps.Add(new PageBoilerplateStep());
        }

        if (options.RemoveSiteBoilerplate && options.SiteBoilerplateFormats.Count > 0)
        {
            steps.Add(new SiteBoilerplateStep(options));
        }

        steps.Add(new QualityStep(options));
        steps.AddRange(extraSteps ?? []);
        var dedup = options.Dedup;
        if (dedup.Exact || dedup.Near)
        {
            steps.Add(new DedupStep(dedup, documentIndex ?? new InMemoryDedupIndex(dedup), options.Actions.Kept));
        }

        return new GovernancePipeline(options, steps, dedup.Chunks ? chunkIndex ?? new InMemoryDedupIndex(dedup) : null);
    }

    /// <summary>
    /// Governs one document: every step in order, until one drops it. A finding whose action is
    /// <see cref="FindingAction.Report"/> is recorded on the document (<see cref="GovernedDocument.Findings"/>,
    /// <see cref="GovernedDocument.DuplicateOf"/>) and the document goes on.
    /// </summary>
    /// <param name="id">The document's id in reports and in the dedup index (its key or document id).</param>
    /// <param name="document">The parser's output.</param>
    /// <param name="key">The document's key in its source when <paramref name="id"/> is not it; copied into the report entries.</param>
    /// <returns>The outcome; when <see cref="GovernanceOutcome.Kept"/>, chunk <see cref="GovernedDocument.ToParsedDocument"/> and call <see cref="ProcessChunks"/>.</returns>
    /// <remarks>Not thread-safe: ordered steps must see documents one at a time.</remarks>
    public GovernanceOutcome Process(string id, ParsedDocument document, string? key = null)
    {
        var work = new Work(new GovernedDocument(id, document) { Key = key });
        foreach (var segment in _segments)
        {
            foreach (var step in segment.Concurrent)
            {
                Apply(work, step);
            }

            if (segment.Ordered is { } ordered)
            {
                Prepare(work, ordered);
                Apply(work, ordered);
            }
        }

        return work.ToOutcome();
    }

    /// <summary>Chunk-level deduplication of one kept document's chunks (a no-op when the pipeline has no chunk index).</summary>
    /// <remarks>
    /// Duplicate chunks follow <see cref="GovernanceOptions.Actions"/> like documents, except that a document never loses
    /// every chunk: when all of them duplicate chunks kept earlier (the same text under another title), all are kept and
    /// reported, since the document was kept and must stay findable. Not thread-safe; call in the order the documents
    /// were processed.
    /// </remarks>
    public ChunkGovernance ProcessChunks(IReadOnlyList<Chunk> chunks)
    {
        ArgumentNullException.ThrowIfNull(chunks);
        return _chunks is null ? new ChunkGovernance(chunks, []) : _chunks.Apply(chunks, _chunks.Prepare(chunks));
    }

    /// <summary>
    /// Governs a stream of documents: reads <paramref name="inputs"/> on a background thread, governs them in batches
    /// (plain steps and preparation in parallel, ordered steps in input order), chunks kept documents with
    /// <paramref name="chunker"/> when given and deduplicates their chunks, and yields one outcome per input in input
    /// order, after adding it to <paramref name="sink"/>.
    /// </summary>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> was cancelled.</exception>
    public IEnumerable<GovernanceOutcome> Run(IEnumerable<GovernanceInput> inputs, Func<GovernedDocument, IReadOnlyList<Chunk>>? chunker = null, IGovernanceReportSink? sink = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(inputs);
        return RunIterator(inputs, chunker, sink, cancellationToken);
    }

    private IEnumerable<GovernanceOutcome> RunIterator(IEnumerable<GovernanceInput> inputs, Func<GovernedDocument, IReadOnlyList<Chunk>>? chunker, IGovernanceReportSink? sink, CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var batches = new BlockingCollection<List<GovernanceInput>>(boundedCapacity: 2);
        var reader = Task.Run(() => Read(inputs, batches, stop.Token), CancellationToken.None);
        try
        {
            foreach (var batch in batches.GetConsumingEnumerable(stop.Token))
            {
                foreach (var outcome in Govern(batch, chunker, stop.Token))
                {
                    sink?.Add(outcome);
                    yield return outcome;
                }
            }

            // The reader's own failure (an unreadable input) surfaces here, after what it read was governed.
            reader.GetAwaiter().GetResult();
        }
        finally
        {
            stop.Cancel();
            try
            {
                reader.Wait(CancellationToken.None);
            }
            catch (AggregateException)
            {
                // Either surfaced above already, or the reader was stopped because the caller stopped reading.
            }
        }
    }

    private static void Read(IEnumerable<GovernanceInput> inputs, BlockingCollection<List<GovernanceInput>> batches, CancellationToken cancellationToken)
    {
        var batch = new List<GovernanceInput>(BatchDocuments);
        try
        {
            long chars = 0;
            foreach (var input in inputs)
            {
                ArgumentNullException.ThrowIfNull(input);
                batch.Add(input);
                chars += input.Document.Blocks.Sum(block => (long)(block.Text?.Length ?? 0));
                if (batch.Count >= BatchDocuments || chars >= BatchChars)
                {
                    batches.Add(batch, cancellationToken);
                    batch = new List<GovernanceInput>(BatchDocuments);
                    chars = 0;
                }
            }
        }
        finally
        {
            try
            {
                // What was read before a failure is still governed; the failure surfaces after it.
                if (batch.Count > 0 && !cancellationToken.IsCancellationRequested)
                {
                    batches.Add(batch, cancellationToken);
                }
            }
            finally
            {
                batches.CompleteAdding();
            }
        }
    }

    private List<GovernanceOutcome> Govern(List<GovernanceInput> batch, Func<GovernedDocument, IReadOnlyList<Chunk>>? chunker, CancellationToken cancellationToken)
    {
        var work = batch.Select(input => new Work(new GovernedDocument(input.Id, input.Document))).ToArray();
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = _options.MaxDegreeOfParallelism, CancellationToken = cancellationToken };
        foreach (var segment in _segments)
        {
            Parallel.For(0, work.Length, parallel, i =>
            {
                foreach (var step in segment.Concurrent)
                {
                    Apply(work[i], step);
                }

                if (segment.Ordered is { } ordered)
                {
                    Prepare(work[i], ordered);
                }
            });
            if (segment.Ordered is { } step)
            {
                foreach (var item in work)
                {
                    Apply(item, step);
                }
            }
        }

        var outcomes = work.Select(item => item.ToOutcome()).ToList();
        if (chunker is not null)
        {
            var chunked = new (IReadOnlyList<Chunk> Chunks, DedupFingerprint?[]? Fingerprints)[work.Length];
            Parallel.For(0, work.Length, parallel, i =>
            {
                if (outcomes[i].Kept)
                {
                    var chunks = chunker(work[i].Document);
                    chunked[i] = (chunks, _chunks?.Prepare(chunks));
                }
            });
            for (var i = 0; i < work.Length; i++)
            {
                if (outcomes[i].Kept)
                {
                    var (chunks, fingerprints) = chunked[i];
                    outcomes[i].Chunks = _chunks is null || fingerprints is null ? new ChunkGovernance(chunks, []) : _chunks.Apply(chunks, fingerprints);
                }
            }
        }

        return outcomes;
    }

    private static void Prepare(Work work, IOrderedGovernanceStep step)
    {
        if (work.Done)
        {
            return;
        }

        try
        {
            step.Prepare(work.Document);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            work.Fail(step.Name, e);
        }
    }

    private void Apply(Work work, IGovernanceStep step)
    {
        if (work.Done)
        {
            return;
        }

        StepResult result;
        try
        {
            result = step.Apply(work.Document);
        }
        catch (Exception e) when (e is not (OutOfMemoryException or OperationCanceledException))
        {
            // A step that fails on one document drops that document with the reason; the run goes on.
            work.Fail(step.Name, e);
            return;
        }

        switch (result.Action)
        {
            case StepAction.Changed:
                work.Document.AddChange(step.Name, result.Detail ?? "changed");
                break;
            case StepAction.Dropped when _options.Actions.ForStep(step.Name) == FindingAction.Report:
                work.Document.AddFinding(step.Name, result.Detail ?? "dropped");
                break;
            case StepAction.Dropped:
                work.Dropped = new DroppedEntry(work.Document.Id, step.Name, result.Detail ?? "dropped", GovernanceLevel.Document) { Key = work.Document.Key };
                break;
            case StepAction.Duplicate when result.Match is { } match:
                var duplicate = new DuplicateEntry(work.Document.Id, match.DuplicateOf, match.Kind, match.Similarity, GovernanceLevel.Document) { Key = work.Document.Key };
                if (_options.Actions.ForDuplicate(match.Kind) == FindingAction.Report)
                {
                    work.Document.DuplicateOf = duplicate with { Kept = true };
                }
                else
                {
                    work.Duplicate = duplicate;
                }

                break;
        }
    }

    private sealed record Segment(IGovernanceStep[] Concurrent, IOrderedGovernanceStep? Ordered);

    /// <summary>One document's progress through the steps.</summary>
    private sealed class Work(GovernedDocument document)
    {
        public GovernedDocument Document { get; } = document;

        public DroppedEntry? Dropped { get; set; }

        public DuplicateEntry? Duplicate { get; set; }

        public bool Failed { get; private set; }

        public bool Done => Dropped is not null || Duplicate is not null;

        public void Fail(string step, Exception e)
        {
            Dropped = new DroppedEntry(Document.Id, step, $"failed: {e.GetType().Name}: {e.Message}", GovernanceLevel.Document) { Key = Document.Key };
            Failed = true;
        }

        public GovernanceOutcome ToOutcome() => new(Document, Dropped, Duplicate) { Failed = Failed };
    }
}
