using System.Collections.Frozen;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Unicode;
using Hunyu.Core.Errors;

namespace Hunyu.Search.Learning;

/// <summary>
/// A learned query expansion: for each question feature (a CJK bigram or a content word) the corpus words it
/// should also search for, with weights on the BM25 scale of the question's own words, plus an optional memory
/// of the documents training questions were about (see <see cref="ArticleMemory"/>). A question's expansion is
/// the <see cref="MaxTerms"/> heaviest sums of the rows of its distinct features, plus the memory's signatures.
/// </summary>
/// <remarks>Immutable and thread-safe once loaded. See <see cref="ExpansionLearner"/> for how it is learned.</remarks>
public sealed class ExpansionModel : IQueryExpander
{
    /// <summary>The <c>format</c> value of a model file.</summary>
    public const string FileFormat = "hunyu-query-expansion";

    /// <summary>The model file version this build reads and writes.</summary>
    public const int FileVersion = 1;

    /// <summary>The file name <see cref="ExpansionLearner"/> output folders use.</summary>
    public const string DefaultFileName = "expansion-model.json";

    /// <summary>Decimal places kept for weights in the file.</summary>
    public const int WeightDecimals = 4;

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        // Chinese terms stay readable (and a third of the size) instead of \uXXXX escapes.
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    };

    private readonly string[] _terms;
    private readonly FrozenDictionary<string, Row> _wordRows;
    private readonly FrozenDictionary<string, Row> _bigramRows;
    private readonly ArticleMemory? _memory;

    internal ExpansionModel(
        string field,
        int maxTerms,
        ExpansionModelInfo info,
        IReadOnlyList<string> terms,
        IReadOnlyDictionary<string, Row> wordRows,
        IReadOnlyDictionary<string, Row> bigramRows,
        ArticleMemory? memory)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxTerms);
        Field = field;
        MaxTerms = maxTerms;
        Info = info;
        _terms = [.. terms];
        _wordRows = wordRows.ToFrozenDictionary(StringComparer.Ordinal);
        _bigramRows = bigramRows.ToFrozenDictionary(StringComparer.Ordinal);
        _memory = memory;
        Entries = _wordRows.Values.Sum(r => r.Targets.Length) + _bigramRows.Values.Sum(r => r.Targets.Length) + (memory?.Entries ?? 0);
    }

    /// <summary>The index field the expansion terms are searched in.</summary>
    public string Field { get; }

    /// <summary>Most word-pair terms added to one question; the memory adds at most its documents' signatures on top.</summary>
    public int MaxTerms { get; }

    /// <summary>Where the model was learned.</summary>
    public ExpansionModelInfo Info { get; }

    /// <summary>Question features (content words plus bigrams) that have a row.</summary>
    public int Sources => _wordRows.Count + _bigramRows.Count;

    /// <summary>Documents remembered with their training questions' wording (0 when the model has no memory).</summary>
    public int RememberedDocuments => _memory?.Ids.Count ?? 0;

    /// <summary>Weights in all rows and in the memory.</summary>
    public int Entries { get; }

    /// <inheritdoc />
    public IReadOnlyList<WeightedTerm> Expand(IReadOnlyList<string> contentWords, IReadOnlyList<string> bigrams)
    {
        ArgumentNullException.ThrowIfNull(contentWords);
        ArgumentNullException.ThrowIfNull(bigrams);
        var pairs = new Dictionary<int, float>();
        Accumulate(_wordRows, contentWords, pairs);
        Accumulate(_bigramRows, bigrams, pairs);
        // Ties break on the term index, which is fixed by the file: the same question always gets the same terms.
        var weights = pairs.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(MaxTerms).ToDictionary(p => p.Key, p => p.Value);
        _memory?.Accumulate(contentWords, bigrams, weights);
        return weights.Count == 0
            ? []
            : weights
                .OrderByDescending(p => p.Value)
                .ThenBy(p => p.Key)
                .Select(p => new WeightedTerm(Field, _terms[p.Key], p.Value))
                .ToList();
    }

    /// <summary>Writes the model to <paramref name="path"/> as UTF-8 JSON (replacing the file atomically).</summary>
    /// <exception cref="HunyuException">The file cannot be written (<c>store_unavailable</c>).</exception>
    public void Save(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new ModelFile(
            FileFormat,
            FileVersion,
            Field,
            MaxTerms,
            Info,
            _terms,
            ToFile(_wordRows),
            ToFile(_bigramRows),
            _memory is null ? null : new MemoryFile(
                _memory.Articles,
                Math.Round(_memory.Weight, WeightDecimals),
                [.. _memory.Ids],
                [.. _memory.Signatures.Select(ToFile)],
                ToFile(_memory.Features.ToFrozenDictionary(StringComparer.Ordinal))));
        var temporary = path + ".tmp";
        try
        {
            var directory = Path.GetDirectoryName(Path.GetFullPath(path));
            if (directory is not null)
            {
                Directory.CreateDirectory(directory);
            }

            using (var stream = File.Create(temporary))
            {
                JsonSerializer.Serialize(stream, file, Json);
            }

            File.Move(temporary, path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: cannot write the model ({e.Message})", e);
        }
    }

    /// <summary>Reads a model written by <see cref="Save"/>.</summary>
    /// <exception cref="HunyuException">The file is missing (<c>path_not_found</c>) or is not a model of this version (<c>corrupt_input</c>).</exception>
    public static ExpansionModel Load(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (Directory.Exists(path))
        {
            path = Path.Combine(path, DefaultFileName);
        }

        if (!File.Exists(path))
        {
            throw new HunyuException(ErrorCode.PathNotFound, $"{path}: no such model file; create one with 'hunyu learn --dataset DIR --out DIR'");
        }

        ModelFile? file;
        try
        {
            using var stream = File.OpenRead(path);
            file = JsonSerializer.Deserialize<ModelFile>(stream, Json);
        }
        catch (JsonException e)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path}: not a model file ({e.Message})", e);
        }

        if (file is null || file.Format != FileFormat)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path}: not a model file (format is '{file?.Format}', expected '{FileFormat}')");
        }

        if (file.Version != FileVersion)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path}: model version {file.Version}; this build reads version {FileVersion}; learn the model again");
        }

        if (file.Terms is null || file.Info is null || string.IsNullOrEmpty(file.Field) || file.MaxTerms <= 0)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path}: incomplete model (terms, info, field and maxTerms are required)");
        }

        ArticleMemory? memory = null;
        if (file.Memory is { } stored)
        {
            if (stored.Ids is null || stored.Signatures is null || stored.Signatures.Length != stored.Ids.Length || stored.Articles <= 0 || !double.IsFinite(stored.Weight) || stored.Weight <= 0)
            {
                throw new HunyuException(ErrorCode.CorruptInput, $"{path}: memory is malformed (ids and signatures must be equally long, articles and weight positive)");
            }

            var signatures = stored.Signatures.Select((row, i) => FromFile(path, $"signature {i}", row, file.Terms.Length)).ToList();
            memory = new ArticleMemory(stored.Articles, (float)stored.Weight, stored.Ids, signatures, FromFile(path, stored.Features, stored.Ids.Length));
        }

        return new ExpansionModel(file.Field, file.MaxTerms, file.Info, file.Terms, FromFile(path, file.Words, file.Terms.Length), FromFile(path, file.Bigrams, file.Terms.Length), memory);
    }

    /// <summary>
    /// <paramref name="weight"/> as the file stores it (<see cref="WeightDecimals"/> decimals), so a model expands the same
    /// before and after a save; 0 means the entry is dropped.
    /// </summary>
    internal static float Quantize(double weight) => (float)Math.Round(weight, WeightDecimals);

    private static void Accumulate(FrozenDictionary<string, Row> rows, IReadOnlyList<string> features, Dictionary<int, float> weights)
    {
        if (rows.Count == 0)
        {
            return;
        }

        // A feature repeated in the question counts once, as in training.
        foreach (var feature in features.Distinct(StringComparer.Ordinal))
        {
            if (!rows.TryGetValue(feature, out var row))
            {
                continue;
            }

            for (var i = 0; i < row.Targets.Length; i++)
            {
                weights[row.Targets[i]] = weights.GetValueOrDefault(row.Targets[i]) + row.Weights[i];
            }
        }
    }

    private static SortedDictionary<string, RowFile> ToFile(FrozenDictionary<string, Row> rows)
    {
        var file = new SortedDictionary<string, RowFile>(StringComparer.Ordinal);
        foreach (var (feature, row) in rows)
        {
            file[feature] = ToFile(row);
        }

        return file;
    }

    private static RowFile ToFile(Row row) => new(row.Targets, row.Weights.Select(w => Math.Round(w, WeightDecimals)).ToArray());

    private static Dictionary<string, Row> FromFile(string path, IReadOnlyDictionary<string, RowFile>? rows, int targetCount)
    {
        var result = new Dictionary<string, Row>(StringComparer.Ordinal);
        foreach (var (feature, row) in rows ?? new Dictionary<string, RowFile>())
        {
            result[feature] = FromFile(path, $"row '{feature}'", row, targetCount);
        }

        return result;
    }

    private static Row FromFile(string path, string name, RowFile? row, int targetCount)
    {
        if (row?.T is null || row.W is null || row.T.Length != row.W.Length || row.T.Any(t => t < 0 || t >= targetCount) || row.W.Any(w => !double.IsFinite(w) || w <= 0))
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path}: {name} is malformed (t and w must be equally long, t must index its targets, w must be positive)");
        }

        return new Row(row.T, row.W.Select(w => (float)w).ToArray());
    }

    /// <summary>One feature's targets (indexes into the term list) and weights, heaviest first.</summary>
    internal sealed record Row(int[] Targets, float[] Weights);

    private sealed record ModelFile(
        string Format,
        int Version,
        string Field,
        int MaxTerms,
        ExpansionModelInfo Info,
        string[] Terms,
        IReadOnlyDictionary<string, RowFile>? Words,
        IReadOnlyDictionary<string, RowFile>? Bigrams,
        MemoryFile? Memory);

    private sealed record RowFile(int[] T, double[] W);

    /// <summary>The memory: signature rows index terms; feature rows index <c>ids</c>.</summary>
    private sealed record MemoryFile(int Articles, double Weight, string[] Ids, RowFile[] Signatures, IReadOnlyDictionary<string, RowFile> Features);
}
