using System.Globalization;
using System.Numerics.Tensors;
using Hunyu.Core.Errors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Microsoft.ML.Tokenizers;

namespace Hunyu.Models.Embeddings;

/// <summary>
/// Embeds text with a local BERT-style sentence encoder (e.g. all-MiniLM-L6-v2, bge-small-zh) on the CPU: WordPiece
/// tokens from <c>vocab.txt</c>, the token vectors of <c>model.onnx</c>, mean pooling over the real tokens and L2
/// normalisation, so the dot product of two vectors is their cosine similarity.
/// </summary>
/// <remarks>
/// Thread-safe: one ONNX Runtime session serves concurrent calls. Work runs on the calling thread. Dispose to free
/// the model. The model is only ever read from <see cref="OnnxEmbeddingOptions.ModelPath"/>; nothing is downloaded.
/// </remarks>
public sealed partial class OnnxEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    /// <summary>The model file expected in the model folder.</summary>
    public const string ModelFileName = "model.onnx";

    /// <summary>The WordPiece vocabulary expected in the model folder (one token per line).</summary>
    public const string VocabularyFileName = "vocab.txt";

    /// <summary>Key in a result's additional properties listing the indexes of inputs that were truncated to <see cref="OnnxEmbeddingOptions.MaxTokens"/>.</summary>
    public const string TruncatedInputsProperty = "truncated_inputs";

    private const string InputIds = "input_ids";
    private const string AttentionMask = "attention_mask";
    private const string TokenTypeIds = "token_type_ids";
    private const string TokenOutput = "last_hidden_state";
    private const string PooledOutput = "sentence_embedding";

    private readonly InferenceSession _session;
    private readonly BertTokenizer _tokenizer;
    private readonly ILogger _logger;
    private readonly string _outputName;
    private readonly bool _outputIsPooled;
    private readonly bool _hasTokenTypes;
    private readonly int _maxTokens;
    private readonly int _batchSize;
    private readonly bool _truncate;
    private readonly EmbeddingGeneratorMetadata _metadata;

    /// <summary>Opens the model in <see cref="OnnxEmbeddingOptions.ModelPath"/> and checks that it runs.</summary>
    /// <exception cref="HunyuException">
    /// A setting is out of range, the folder or one of its files is missing, or the model is not a BERT-style encoder
    /// (<c>invalid_argument</c>); <c>model.onnx</c> or <c>vocab.txt</c> cannot be read (<c>corrupt_input</c>). The message names the path.
    /// </exception>
    public OnnxEmbeddingGenerator(OnnxEmbeddingOptions options, ILogger<OnnxEmbeddingGenerator>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        var validation = new OnnxEmbeddingOptionsValidator().Validate(null, options);
        if (validation.Failed)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, string.Join("; ", validation.Failures ?? []));
        }

        _logger = logger ?? (ILogger)NullLogger.Instance;
        _maxTokens = options.MaxTokens;
        _batchSize = options.BatchSize;
        _truncate = options.TruncateLongInputs;
        var folder = Path.GetFullPath(options.ModelPath);
        var modelPath = Path.Combine(folder, ModelFileName);
        var vocabularyPath = Path.Combine(folder, VocabularyFileName);
        if (!Directory.Exists(folder))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{folder}: model folder does not exist ({OnnxEmbeddingOptions.Section}:{nameof(options.ModelPath)}); it must hold {ModelFileName} and {VocabularyFileName}");
        }

        foreach (var required in new[] { modelPath, vocabularyPath })
        {
            if (!File.Exists(required))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{required}: missing; the model folder must hold {ModelFileName} (a BERT-style sentence encoder exported to ONNX) and {VocabularyFileName} (its WordPiece vocabulary)");
            }
        }

        _tokenizer = OpenVocabulary(vocabularyPath, options.LowerCase);
        _session = OpenModel(modelPath, options.IntraOpThreads);
        try
        {
            var inputs = _session.InputMetadata;
            if (!inputs.ContainsKey(InputIds) || !inputs.ContainsKey(AttentionMask) || inputs.Values.Any(input => input.ElementDataType != TensorElementType.Int64))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{modelPath}: not a BERT-style encoder; its inputs are {Describe(inputs)}, expected int64 {InputIds}, {AttentionMask} and optionally {TokenTypeIds}");
            }

            _hasTokenTypes = inputs.ContainsKey(TokenTypeIds);
            (_outputName, _outputIsPooled) = PickOutput(_session.OutputMetadata)
                ?? throw new HunyuException(ErrorCode.InvalidArgument, $"{modelPath}: no float output of shape [batch, tokens, hidden] or [batch, hidden]; its outputs are {Describe(_session.OutputMetadata)}");

            // A first run checks the model really works and tells its width, whatever the metadata says.
            Dimensions = Run([Encode(string.Empty, 0, null)], CancellationToken.None)[0].Length;
        }
        catch (OnnxRuntimeException e)
        {
            _session.Dispose();
            throw new HunyuException(ErrorCode.CorruptInput, $"{modelPath}: the model does not run ({e.Message})", e);
        }
        catch
        {
            _session.Dispose();
            throw;
        }

        ModelPath = folder;
        _metadata = new EmbeddingGeneratorMetadata("onnx", new Uri(folder), Path.GetFileName(folder), Dimensions);
    }

    /// <summary>Length of every vector this model produces.</summary>
    public int Dimensions { get; }

    /// <summary>The full path of the model folder.</summary>
    public string ModelPath { get; }

    /// <inheritdoc />
    /// <exception cref="HunyuException">
    /// An input is longer than <see cref="OnnxEmbeddingOptions.MaxTokens"/> and truncation is off (<c>too_large</c>), or
    /// other dimensions than the model's were asked for (<c>invalid_argument</c>). Nothing is embedded then.
    /// </exception>
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(values);
        if (options?.Dimensions is { } asked && asked != Dimensions)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, string.Create(CultureInfo.InvariantCulture, $"{asked} dimensions asked for; the model at {ModelPath} gives {Dimensions}"));
        }

        var truncated = new List<int>();
        // Every input is tokenized (and checked) before any is embedded, so a rejected call does no work.
        var encoded = values.Select((text, index) => Encode(text ?? string.Empty, index, truncated)).ToList();
        var result = new GeneratedEmbeddings<Embedding<float>>(encoded.Count)
        {
            Usage = new UsageDetails { InputTokenCount = encoded.Sum(ids => (long)ids.Length), TotalTokenCount = encoded.Sum(ids => (long)ids.Length) },
        };
        var created = DateTimeOffset.UtcNow;
        for (var start = 0; start < encoded.Count; start += _batchSize)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var batch = encoded.GetRange(start, Math.Min(_batchSize, encoded.Count - start));
            foreach (var vector in Run(batch, cancellationToken))
            {
                result.Add(new Embedding<float>(vector) { ModelId = _metadata.DefaultModelId, CreatedAt = created });
            }
        }

        if (truncated.Count > 0)
        {
            result.AdditionalProperties = new AdditionalPropertiesDictionary { [TruncatedInputsProperty] = truncated.ToArray() };
        }

        return Task.FromResult(result);
    }

    /// <inheritdoc />
    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);
        return serviceKey is not null ? null
            : serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    /// <inheritdoc />
    public void Dispose() => _session.Dispose();

    private long[] Encode(string text, int index, List<int>? truncated)
    {
        var ids = _tokenizer.EncodeToIds(text);
        if (ids.Count > _maxTokens)
        {
            if (!_truncate || truncated is null)
            {
                throw new HunyuException(ErrorCode.TooLarge, string.Create(CultureInfo.InvariantCulture,
                    $"input {index} is {ids.Count} tokens; limit is {_maxTokens} ({OnnxEmbeddingOptions.Section}:{nameof(OnnxEmbeddingOptions.MaxTokens)}); shorten it or set {OnnxEmbeddingOptions.Section}:{nameof(OnnxEmbeddingOptions.TruncateLongInputs)}"));
            }

            LogTruncated(_logger, index, ids.Count, _maxTokens);
            truncated.Add(index);
            var kept = new long[_maxTokens];
            for (var i = 0; i < _maxTokens - 1; i++)
            {
                kept[i] = ids[i];
            }

            kept[^1] = _tokenizer.SeparatorTokenId;
            return kept;
        }

        var all = new long[ids.Count];
        for (var i = 0; i < all.Length; i++)
        {
            all[i] = ids[i];
        }

        return all;
    }

    private List<float[]> Run(List<long[]> batch, CancellationToken cancellationToken)
    {
        var rows = batch.Count;
        var width = batch.Max(ids => ids.Length);
        var ids = new long[rows * width];
        var mask = new long[rows * width];
        for (var row = 0; row < rows; row++)
        {
            batch[row].CopyTo(ids, row * width);
            mask.AsSpan(row * width, batch[row].Length).Fill(1);
            // Padding keeps id 0 only when that is the vocabulary's [PAD]; the mask hides it either way.
            ids.AsSpan(row * width + batch[row].Length, width - batch[row].Length).Fill(_tokenizer.PaddingTokenId);
        }

        long[] shape = [rows, width];
        var names = new List<string> { InputIds, AttentionMask };
        using var idsValue = OrtValue.CreateTensorValueFromMemory(ids, shape);
        using var maskValue = OrtValue.CreateTensorValueFromMemory(mask, shape);
        using var typesValue = _hasTokenTypes ? OrtValue.CreateTensorValueFromMemory(new long[rows * width], shape) : null;
        var values = new List<OrtValue> { idsValue, maskValue };
        if (typesValue is not null)
        {
            names.Add(TokenTypeIds);
            values.Add(typesValue);
        }

        using var runOptions = new RunOptions();
        using var cancel = cancellationToken.Register(() => runOptions.Terminate = true);
        IDisposableReadOnlyCollection<OrtValue> outputs;
        try
        {
            outputs = _session.Run(runOptions, names, values, [_outputName]);
        }
        catch (OnnxRuntimeException) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }

        using (outputs)
        {
            var output = outputs[0];
            var dims = output.GetTensorTypeAndShape().Shape;
            var data = output.GetTensorDataAsSpan<float>();
            return _outputIsPooled ? Pooled(data, rows, (int)dims[^1]) : MeanPooled(data, batch, rows, width, (int)dims[^1]);
        }
    }

    private static List<float[]> MeanPooled(ReadOnlySpan<float> hidden, List<long[]> batch, int rows, int width, int size)
    {
        var vectors = new List<float[]>(rows);
        for (var row = 0; row < rows; row++)
        {
            var sum = new float[size];
            // The real tokens of a row are its first batch[row].Length positions; the rest is padding.
            var tokens = batch[row].Length;
            for (var token = 0; token < tokens; token++)
            {
                TensorPrimitives.Add(sum, hidden.Slice(((row * width) + token) * size, size), sum);
            }

            TensorPrimitives.Divide(sum, tokens, sum);
            vectors.Add(Normalized(sum));
        }

        return vectors;
    }

    private static List<float[]> Pooled(ReadOnlySpan<float> pooled, int rows, int size)
    {
        var vectors = new List<float[]>(rows);
        for (var row = 0; row < rows; row++)
        {
            vectors.Add(Normalized(pooled.Slice(row * size, size).ToArray()));
        }

        return vectors;
    }

    private static float[] Normalized(float[] vector)
    {
        var norm = TensorPrimitives.Norm(vector);
        if (norm > 0 && float.IsFinite(norm))
        {
            TensorPrimitives.Divide(vector, norm, vector);
        }

        return vector;
    }

    private static (string Name, bool Pooled)? PickOutput(IReadOnlyDictionary<string, NodeMetadata> outputs)
    {
        var floats = outputs.Where(o => o.Value.IsTensor && o.Value.ElementDataType == TensorElementType.Float).ToList();
        // Token vectors are preferred: a BERT export's 2-D output is usually the pooler ([CLS] + tanh), not a sentence embedding.
        var tokens = floats.FirstOrDefault(o => o.Key == TokenOutput && o.Value.Dimensions.Length == 3).Key
            ?? floats.FirstOrDefault(o => o.Value.Dimensions.Length == 3).Key;
        if (tokens is not null)
        {
            return (tokens, false);
        }

        var pooled = floats.FirstOrDefault(o => o.Key == PooledOutput && o.Value.Dimensions.Length == 2).Key;
        return pooled is null ? null : (pooled, true);
    }

    private static BertTokenizer OpenVocabulary(string path, bool lowerCase)
    {
        try
        {
            var tokenizer = BertTokenizer.Create(path, new BertOptions { LowerCaseBeforeTokenization = lowerCase });
            // A vocabulary without its special tokens would embed every text as unknown words.
            _ = tokenizer.ClassificationTokenId + tokenizer.SeparatorTokenId + tokenizer.PaddingTokenId;
            return tokenizer;
        }
        catch (Exception e) when (e is IOException or InvalidOperationException or ArgumentException or FormatException or KeyNotFoundException)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path}: not a WordPiece vocabulary with [CLS], [SEP], [PAD] and [UNK] ({e.Message})", e);
        }
    }

    private static InferenceSession OpenModel(string path, int threads)
    {
        using var sessionOptions = new SessionOptions
        {
            GraphOptimizationLevel = GraphOptimizationLevel.ORT_ENABLE_ALL,
            IntraOpNumThreads = threads,
        };
        try
        {
            return new InferenceSession(path, sessionOptions);
        }
        catch (OnnxRuntimeException e)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{path}: not a readable ONNX model ({e.Message})", e);
        }
    }

    private static string Describe(IReadOnlyDictionary<string, NodeMetadata> nodes) =>
        string.Join(", ", nodes.Select(n => string.Create(CultureInfo.InvariantCulture, $"{n.Key} {n.Value.ElementDataType} [{string.Join(',', n.Value.Dimensions)}]")));

    [LoggerMessage(Level = LogLevel.Warning, Message = "Embedding input {Index} has {Tokens} tokens; only the first {Limit} were embedded")]
    private static partial void LogTruncated(ILogger logger, int index, int tokens, int limit);
}
