using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// The report of a governance run: how many documents came in and were kept, every duplicate, PII finding and drop
/// with its reason, and what each step did. Serialised in snake_case (<see cref="JsonOptions"/>) it is the
/// <c>hunyu clean --json</c> contract: <c>{"documents", "kept", "duplicates", "pii", "dropped", "seconds", …}</c>.
/// </summary>
/// <remarks>
/// Collects every entry in memory (about 100 bytes each), so a run of millions of duplicates holds them all; the
/// documents themselves are never kept. Document-level entries have the document id; chunk-level ones the citation id
/// (<c>documentId:ordinal</c>) and <c>level: "chunk"</c>. Not thread-safe: the pipeline adds outcomes in input order
/// from one thread.
/// </remarks>
public sealed class GovernanceReport : IGovernanceReportSink
{
    /// <summary>The JSON shape of the report: snake_case names, readable Chinese, no nulls.</summary>
    public static JsonSerializerOptions JsonOptions { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>Documents that came in.</summary>
    [JsonPropertyOrder(0)]
    public int Documents { get; private set; }

    /// <summary>Documents kept (not dropped, not duplicates).</summary>
    [JsonPropertyOrder(1)]
    public int Kept { get; private set; }

    /// <summary>Documents and chunks dropped as duplicates, each with the kept one it duplicates.</summary>
    [JsonPropertyOrder(2)]
    public List<DuplicateEntry> Duplicates { get; } = [];

    /// <summary>Personal information found in kept documents.</summary>
    [JsonPropertyOrder(3)]
    public List<PiiEntry> Pii { get; } = [];

    /// <summary>Documents and chunks dropped for any other reason, with the step and the reason.</summary>
    [JsonPropertyOrder(4)]
    public List<DroppedEntry> Dropped { get; } = [];

    /// <summary>Wall-clock seconds of the run (set by <see cref="Finish"/>).</summary>
    [JsonPropertyOrder(5)]
    public double Seconds { get; private set; }

    /// <summary>Chunks cut from kept documents (0 when the run did not chunk).</summary>
    [JsonPropertyOrder(6)]
    public int Chunks { get; private set; }

    /// <summary>Chunks kept after chunk-level deduplication.</summary>
    [JsonPropertyOrder(7)]
    public int ChunksKept { get; private set; }

    /// <summary>Characters of the documents as parsed.</summary>
    [JsonPropertyOrder(8)]
    public long CharactersIn { get; private set; }

    /// <summary>Characters of the kept documents as governed.</summary>
    [JsonPropertyOrder(9)]
    public long CharactersKept { get; private set; }

    /// <summary>What each step did, by step name.</summary>
    [JsonPropertyOrder(10)]
    public SortedDictionary<string, StepCounts> Steps { get; } = new(StringComparer.Ordinal);

    /// <summary>Kept documents by detected language.</summary>
    [JsonPropertyOrder(11)]
    public SortedDictionary<string, int> Languages { get; } = new(StringComparer.Ordinal);

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

    /// <summary>Records the run's wall-clock time.</summary>
    public void Finish(TimeSpan elapsed) => Seconds = Math.Round(elapsed.TotalSeconds, 3);

    /// <summary>The report as the <c>hunyu clean --json</c> JSON object.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, JsonOptions);

    private StepCounts StepOf(string step)
    {
        if (!Steps.TryGetValue(step, out var counts))
        {
            Steps[step] = counts = new StepCounts();
        }

        return counts;
    }
}
