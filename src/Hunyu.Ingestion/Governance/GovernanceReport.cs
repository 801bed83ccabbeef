using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// The report of a governance run: how many documents came in and were kept, every duplicate, PII finding and drop
/// with its reason, every finding reported on a kept document, and what each step did. Serialised in snake_case
/// (<see cref="JsonOptions"/>) it is the <c>hunyu clean --json</c> contract: <c>{"documents", "kept", "duplicates",
/// "pii", "dropped", "seconds", …}</c>, and what an ingest stores per run (<see cref="FromJson"/> reads it back).
/// </summary>
/// <remarks>
/// Memory stays flat: counts are kept in memory, and each list holds its first
/// <see cref="ReportEntryCollection{T}.DefaultEntriesInMemory"/> entries in memory and spills the rest to a temporary JSON
/// lines file (<see cref="ReportEntryCollection{T}"/>) that enumeration and serialisation stream back; a run of millions of
/// duplicates costs disk, not memory. The documents themselves are never kept. Dispose the report to delete its
/// temporary files at once (they also go when it is collected or the process ends). Document-level entries have the document id; chunk-level ones the citation id
/// (<c>documentId:ordinal</c>) and <c>level: "chunk"</c>. Not thread-safe: the pipeline adds outcomes in input order
/// from one thread.
/// </remarks>
[JsonObjectCreationHandling(JsonObjectCreationHandling.Populate)]
public sealed class GovernanceReport : IGovernanceReportSink, IDisposable
{
    /// <summary>The JSON shape of the report: snake_case names, readable Chinese, no nulls.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Creates an empty report whose lists hold <see cref="ReportEntryCollection{T}.DefaultEntriesInMemory"/> entries each in memory.</summary>
    [JsonConstructor]
    public GovernanceReport()
        : this(ReportEntryCollection<DuplicateEntry>.DefaultEntriesInMemory)
    {
    }

    /// <summary>Creates an empty report whose lists hold <paramref name="entriesInMemory"/> entries each in memory before spilling.</summary>
    public GovernanceReport(int entriesInMemory)
    {
        Duplicates = new(entriesInMemory);
        Pii = new(entriesInMemory);
        Dropped = new(entriesInMemory);
        Flagged = new(entriesInMemory);
    }

    /// <summary>Documents that came in.</summary>
    [JsonPropertyOrder(0)]
    [JsonInclude]
    public int Documents { get; private set; }

    /// <summary>Documents kept (not dropped, not duplicates).</summary>
    [JsonPropertyOrder(1)]
    [JsonInclude]
    public int Kept { get; private set; }

    /// <summary>Documents and chunks that duplicate a kept one, each with the one it duplicates: dropped, or kept and reported (<c>"kept": true</c>).</summary>
    [JsonPropertyOrder(2)]
    public ReportEntryCollection<DuplicateEntry> Duplicates { get; }

    /// <summary>Personal information found in kept documents.</summary>
    [JsonPropertyOrder(3)]
    public ReportEntryCollection<PiiEntry> Pii { get; }

    /// <summary>Documents and chunks dropped for any other reason, with the step and the reason.</summary>
    [JsonPropertyOrder(4)]
    public ReportEntryCollection<DroppedEntry> Dropped { get; }

    /// <summary>Wall-clock seconds of the run (set by <see cref="Finish"/>).</summary>
    [JsonPropertyOrder(5)]
    [JsonInclude]
    public double Seconds { get; private set; }

    /// <summary>Chunks cut from kept documents (0 when the run did not chunk).</summary>
    [JsonPropertyOrder(6)]
    [JsonInclude]
    public int Chunks { get; private set; }

    /// <summary>Chunks kept after chunk-level deduplication.</summary>
    [JsonPropertyOrder(7)]
    [JsonInclude]
    public int ChunksKept { get; private set; }

    /// <summary>Characters of the documents as parsed.</summary>
    [JsonPropertyOrder(8)]
    [JsonInclude]
    public long CharactersIn { get; private set; }

    /// <summary>Characters of the kept documents as governed.</summary>
    [JsonPropertyOrder(9)]
    [JsonInclude]
    public long CharactersKept { get; private set; }

    /// <summary>What each step did, by step name.</summary>
    [JsonPropertyOrder(10)]
    public SortedDictionary<string, StepCounts> Steps { get; } = new(StringComparer.Ordinal);

    /// <summary>Kept documents by detected language.</summary>
    [JsonPropertyOrder(11)]
    public SortedDictionary<string, int> Languages { get; } = new(StringComparer.Ordinal);

    /// <summary>Findings on documents that were kept because the finding's action is <see cref="FindingAction.Report"/> (e.g. quality at ingest).</summary>
    [JsonPropertyOrder(12)]
    public ReportEntryCollection<FindingEntry> Flagged { get; }

    /// <summary>Problems of the run that are not about one document (e.g. a dedup state that could not be read and was started afresh).</summary>
    [JsonPropertyOrder(13)]
    public List<string> Warnings { get; } = [];

    /// <inheritdoc/>
    public void Add(GovernanceOutcome outcome)
    {
        ArgumentNullException.ThrowIfNull(outcome);
        var document = outcome.Document;
        Documents++;
        CharactersIn += document.Parsed.Blocks.Sum(block => (long)(block.Text?.Length ?? 0));
        foreach (var change in document.Changes)
        {
            StepOf(change.Step).Changed++;
        }

        if (outcome.Dropped is { } dropped)
        {
            Dropped.Add(dropped);
            StepOf(dropped.Step).Dropped++;
            return;
        }

        if (outcome.Duplicate is { } duplicate)
        {
            Duplicates.Add(duplicate);
            StepOf(DedupStep.StepName).Duplicates++;
            return;
        }

        Kept++;
        CharactersKept += document.Length;
        Pii.AddRange(document.Pii);
        foreach (var finding in document.Findings)
        {
            Flagged.Add(finding);
            StepOf(finding.Step).Reported++;
        }

        if (document.DuplicateOf is { } kept)
        {
            Duplicates.Add(kept);
            StepOf(DedupStep.StepName).Reported++;
        }

        if (document.Language is { } language)
        {
            Languages[language] = Languages.GetValueOrDefault(language) + 1;
        }

        if (outcome.Chunks is { } chunks)
        {
            Chunks += chunks.Total;
            ChunksKept += chunks.Kept.Count;
            Duplicates.AddRange(chunks.Duplicates);
        }
    }

    /// <summary>Records an input that never reached the pipeline (unreadable file, bad record) as a dropped document of <paramref name="step"/>.</summary>
    public void AddFailure(string id, string step, string reason)
    {
        Documents++;
        Dropped.Add(new DroppedEntry(id, step, reason, GovernanceLevel.Document));
        StepOf(step).Dropped++;
    }

    /// <summary>Records a problem of the run that is not about one document.</summary>
    public void AddWarning(string warning)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(warning);
        Warnings.Add(warning);
    }

    /// <summary>Takes back a document-level duplicate entry added earlier in the run (the document was governed again and kept after its original was removed).</summary>
    /// <returns>False when the entry is not in the report.</returns>
    public bool Withdraw(DuplicateEntry duplicate)
    {
        ArgumentNullException.ThrowIfNull(duplicate);
        if (duplicate.Level != GovernanceLevel.Document || duplicate.Kept || !Duplicates.Remove(duplicate))
        {
            return false;
        }

        Documents--;
        StepOf(DedupStep.StepName).Duplicates--;
        return true;
    }

    /// <summary>Records the run's wall-clock time.</summary>
    public void Finish(TimeSpan elapsed) => Seconds = Math.Round(elapsed.TotalSeconds, 3);

    /// <summary>The report as the <c>hunyu clean --json</c> JSON object.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    /// <summary>Writes the report as JSON to <paramref name="stream"/>, entry by entry (the lists are never materialised).</summary>
    public Task WriteJsonAsync(Stream stream, CancellationToken cancellationToken = default) => JsonSerializer.SerializeAsync(stream, this, JsonOptions, cancellationToken);

    /// <summary>Reads a report written by <see cref="WriteJsonAsync"/> or <see cref="ToJson"/> from <paramref name="stream"/>, entry by entry (long lists spill to temporary files as they are read).</summary>
    /// <exception cref="JsonException">The text is not such a report.</exception>
    public static async Task<GovernanceReport> ReadJsonAsync(Stream stream, CancellationToken cancellationToken = default) =>
        await JsonSerializer.DeserializeAsync<GovernanceReport>(stream, JsonOptions, cancellationToken) ?? throw new JsonException("the governance report is null");

    /// <summary>Deletes the temporary files of the lists (the counts stay).</summary>
    public void Dispose()
    {
        Duplicates.Dispose();
        Pii.Dispose();
        Dropped.Dispose();
        Flagged.Dispose();
    }

    /// <summary>Reads a report written by <see cref="ToJson"/>.</summary>
    /// <exception cref="JsonException">The text is not such a report.</exception>
    public static GovernanceReport FromJson(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return JsonSerializer.Deserialize<GovernanceReport>(json, JsonOptions) ?? throw new JsonException("the governance report is null");
    }

    private StepCounts StepOf(string step)
    {
        if (!Steps.TryGetValue(step, out var counts))
        {
            Steps[step] = counts = new StepCounts();
        }

        return counts;
    }
}
