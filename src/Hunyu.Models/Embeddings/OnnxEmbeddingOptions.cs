namespace Hunyu.Models.Embeddings;

/// <summary>Settings of the local ONNX embedding model: a BERT-style sentence encoder in one folder.</summary>
public sealed class OnnxEmbeddingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Embeddings:Onnx";

    /// <summary>Default tokens per input, special tokens included (what MiniLM and BGE-small were trained with).</summary>
    public const int DefaultMaxTokens = 256;

    /// <summary>Fewest tokens per input allowed.</summary>
    public const int MinMaxTokens = 8;

    /// <summary>Most tokens per input allowed (BERT's position table).</summary>
    public const int MaxMaxTokens = 512;

    /// <summary>Default inputs per model run.</summary>
    public const int DefaultBatchSize = 16;

    /// <summary>Most inputs per model run.</summary>
    public const int MaxBatchSize = 256;

    /// <summary>The folder holding <c>model.onnx</c> and <c>vocab.txt</c>. Nothing is ever downloaded.</summary>
    public string ModelPath { get; set; } = string.Empty;

    /// <summary>Tokens per input including <c>[CLS]</c> and <c>[SEP]</c>; see <see cref="TruncateLongInputs"/> for longer ones.</summary>
    /// <value>The default is 256; allowed 8-512.</value>
    public int MaxTokens { get; set; } = DefaultMaxTokens;

    /// <summary>Inputs per model run; inputs of one run are padded to the longest.</summary>
    /// <value>The default is 16; allowed 1-256.</value>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Whether the tokenizer lower-cases (true for uncased vocabularies such as MiniLM, BGE and bert-base-chinese).</summary>
    public bool LowerCase { get; set; } = true;

    /// <summary>
    /// True embeds only the first <see cref="MaxTokens"/> tokens of a longer input and reports it (a warning log and
    /// <c>truncated_inputs</c> in the result's additional properties); false rejects the whole call.
    /// </summary>
    public bool TruncateLongInputs { get; set; } = true;

    /// <summary>Threads one model run may use; 0 lets ONNX Runtime choose (one per core).</summary>
    /// <value>The default is 0; allowed 0-64.</value>
    public int IntraOpThreads { get; set; }
}
