using System.Text;

namespace Hunyu.Tests.Shared;

/// <summary>
/// Writes a tiny, real llama-architecture GGUF model that llama.cpp loads and runs, and whose generation is scripted:
/// whatever the prompt, it answers with the given pieces, in order, then end-of-sequence. Linked into the projects
/// that run local models, since no model weights may be downloaded.
/// </summary>
/// <remarks>
/// <para>How the script works: every attention and feed-forward matrix is zero, so the residual stream is the current
/// token's embedding alone and the next token depends on the current token only. Every ordinary token embeds as the
/// one-hot e0; answer piece i (1-based) embeds as e_i. The output row of piece i+1 holds <see cref="Logit"/> at
/// dimension i (piece 1 at dimension 0, end-of-sequence at the last piece's), so after the final RMS norm the
/// successor's logit is Logit·√<see cref="EmbeddingLength"/> = 480 and every other is 0: any sampler at any
/// temperature picks it.</para>
/// <para>The vocabulary is SentencePiece (<c>tokenizer.ggml.model = llama</c>): <c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c>,
/// <c>&lt;/s&gt;</c>, the 256 byte tokens (so any prompt tokenizes, by byte fallback) and the answer pieces as
/// user-defined tokens, which llama.cpp matches whole and prints verbatim.</para>
/// <para>Layout (GGUF v3, little endian): header, key-value metadata, tensor infos, padding to
/// <see cref="Alignment"/>, then the F32 tensor data, each tensor at an aligned offset.</para>
/// </remarks>
internal static class TinyGguf
{
    /// <summary>Width of the residual stream; bounds the number of answer pieces (one dimension each, plus e0).</summary>
    public const int EmbeddingLength = 256;

    /// <summary>Most answer pieces a model can script.</summary>
    public const int MaxPieces = EmbeddingLength - 1;

    /// <summary>Training context length declared; Chinese prompts fall back to ~3 byte tokens per character.</summary>
    public const int ContextLength = 32768;

    /// <summary>The successor's output weight: large enough that no sampler picks anything else.</summary>
    private const float Logit = 30f;

    private const int HeadCount = 4;
    private const int HeadLength = EmbeddingLength / HeadCount;
    private const int FeedForwardLength = 64;
    private const int Alignment = 32;

    // GGUF metadata value types.
    private const uint TypeUInt32 = 4;
    private const uint TypeInt32 = 5;
    private const uint TypeFloat32 = 6;
    private const uint TypeBool = 7;
    private const uint TypeString = 8;
    private const uint TypeArray = 9;

    // llama.cpp token types (tokenizer.ggml.token_type).
    private const int TokenUnknown = 2;
    private const int TokenControl = 3;
    private const int TokenUserDefined = 4;
    private const int TokenByte = 6;

    private const int UnknownId = 0;
    private const int BosId = 1;
    private const int EosId = 2;
    private const int FirstByteId = 3;
    private const int FirstPieceId = FirstByteId + 256;

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    /// <param name="path">The .gguf file to create.</param>
    /// <param name="answer">The answer's pieces, in order: distinct, non-empty, at most <see cref="MaxPieces"/>.</param>
    public static void Write(string path, IReadOnlyList<string> answer)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Count is 0 or > MaxPieces || answer.Any(string.IsNullOrEmpty) || answer.Distinct(StringComparer.Ordinal).Count() != answer.Count)
        {
            throw new ArgumentException($"give 1-{MaxPieces} distinct, non-empty pieces (each is one token with one successor)", nameof(answer));
        }

        var vocabulary = FirstPieceId + answer.Count;
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        tokens.AddRange(answer);
        var types = new List<int> { TokenUnknown, TokenControl, TokenControl };
        types.AddRange(Enumerable.Repeat(TokenByte, 256));
        types.AddRange(Enumerable.Repeat(TokenUserDefined, answer.Count));

        var metadata = new List<(string Key, uint Type, Action<BinaryWriter> Value)>
        {
            ("general.architecture", TypeString, w => WriteString(w, "llama")),
            ("general.name", TypeString, w => WriteString(w, "hunyu-tiny-scripted")),
            ("general.alignment", TypeUInt32, w => w.Write((uint)Alignment)),
            ("llama.context_length", TypeUInt32, w => w.Write((uint)ContextLength)),
            ("llama.embedding_length", TypeUInt32, w => w.Write((uint)EmbeddingLength)),
            ("llama.block_count", TypeUInt32, w => w.Write(1u)),
            ("llama.feed_forward_length", TypeUInt32, w => w.Write((uint)FeedForwardLength)),
            ("llama.attention.head_count", TypeUInt32, w => w.Write((uint)HeadCount)),
            ("llama.attention.head_count_kv", TypeUInt32, w => w.Write((uint)HeadCount)),
            // llama.cpp requires n_rot == the head length for the llama architecture.
            ("llama.rope.dimension_count", TypeUInt32, w => w.Write((uint)HeadLength)),
            ("llama.attention.layer_norm_rms_epsilon", TypeFloat32, w => w.Write(1e-5f)),
            ("tokenizer.ggml.model", TypeString, w => WriteString(w, "llama")),
            ("tokenizer.ggml.tokens", TypeArray, w => WriteArray(w, TypeString, tokens, WriteString)),
            ("tokenizer.ggml.scores", TypeArray, w => WriteArray(w, TypeFloat32, tokens, (w, _) => w.Write(0f))),
            ("tokenizer.ggml.token_type", TypeArray, w => WriteArray(w, TypeInt32, types, (w, t) => w.Write(t))),
            ("tokenizer.ggml.unknown_token_id", TypeUInt32, w => w.Write((uint)UnknownId)),
            ("tokenizer.ggml.bos_token_id", TypeUInt32, w => w.Write((uint)BosId)),
            ("tokenizer.ggml.eos_token_id", TypeUInt32, w => w.Write((uint)EosId)),
            ("tokenizer.ggml.add_bos_token", TypeBool, w => w.Write(true)),
        };

        // token_embd/output are {n_embd, n_vocab}: ne[0] (the row, innermost) is the embedding, one row per token.
        var embeddings = new float[vocabulary * EmbeddingLength];
        var output = new float[vocabulary * EmbeddingLength];
        for (var token = 0; token < vocabulary; token++)
        {
            var piece = token - FirstPieceId + 1; // 1-based piece number, ≤ 0 for ordinary tokens
            embeddings[(token * EmbeddingLength) + Math.Max(piece, 0)] = 1f;
            if (piece >= 1)
            {
                output[(token * EmbeddingLength) + piece - 1] = Logit;
            }
        }

        output[(EosId * EmbeddingLength) + answer.Count] = Logit;
        var ones = Enumerable.Repeat(1f, EmbeddingLength).ToArray();
        var tensors = new List<(string Name, long[] Shape, float[] Data)>
        {
            ("token_embd.weight", [EmbeddingLength, vocabulary], embeddings),
            ("output_norm.weight", [EmbeddingLength], ones),
            ("output.weight", [EmbeddingLength, vocabulary], output),
            ("blk.0.attn_norm.weight", [EmbeddingLength], ones),
            ("blk.0.attn_q.weight", [EmbeddingLength, EmbeddingLength], new float[EmbeddingLength * EmbeddingLength]),
            ("blk.0.attn_k.weight", [EmbeddingLength, EmbeddingLength], new float[EmbeddingLength * EmbeddingLength]),
            ("blk.0.attn_v.weight", [EmbeddingLength, EmbeddingLength], new float[EmbeddingLength * EmbeddingLength]),
            ("blk.0.attn_output.weight", [EmbeddingLength, EmbeddingLength], new float[EmbeddingLength * EmbeddingLength]),
            ("blk.0.ffn_norm.weight", [EmbeddingLength], ones),
            ("blk.0.ffn_gate.weight", [EmbeddingLength, FeedForwardLength], new float[EmbeddingLength * FeedForwardLength]),
            ("blk.0.ffn_down.weight", [FeedForwardLength, EmbeddingLength], new float[FeedForwardLength * EmbeddingLength]),
            ("blk.0.ffn_up.weight", [EmbeddingLength, FeedForwardLength], new float[EmbeddingLength * FeedForwardLength]),
        };

        using var writer = new BinaryWriter(File.Create(path), Encoding.UTF8);

        // Header: magic, version, tensor count, metadata count.
        writer.Write("GGUF"u8);
        writer.Write(3u);
        writer.Write((ulong)tensors.Count);
        writer.Write((ulong)metadata.Count);

        // Metadata: key, value type, value.
        foreach (var (key, type, value) in metadata)
        {
            WriteString(writer, key);
            writer.Write(type);
            value(writer);
        }

        // Tensor infos: name, dimensions (innermost first), type F32 (0), offset within the data section.
        ulong offset = 0;
        foreach (var (name, shape, data) in tensors)
        {
            WriteString(writer, name);
            writer.Write((uint)shape.Length);
            foreach (var length in shape)
            {
                writer.Write((ulong)length);
            }

            writer.Write(0u);
            writer.Write(offset);
            offset = Aligned(offset + ((ulong)data.Length * sizeof(float)));
        }

        // Tensor data, the section and each tensor aligned.
        Pad(writer);
        foreach (var (_, _, data) in tensors)
        {
            foreach (var value in data)
            {
                writer.Write(value);
            }

            Pad(writer);
        }
    }

    private static void WriteString(BinaryWriter writer, string value)
    {
        var bytes = Encoding.UTF8.GetBytes(value);
        writer.Write((ulong)bytes.Length);
        writer.Write(bytes);
    }

    private static void WriteArray<T>(BinaryWriter writer, uint elementType, IReadOnlyList<T> items, Action<BinaryWriter, T> write)
    {
        writer.Write(elementType);
        writer.Write((ulong)items.Count);
        foreach (var item in items)
        {
            write(writer, item);
        }
    }

    private static ulong Aligned(ulong offset) => (offset + Alignment - 1) / Alignment * Alignment;

    private static void Pad(BinaryWriter writer)
    {
        writer.Flush();
        var position = (ulong)writer.BaseStream.Position;
        writer.Write(new byte[Aligned(position) - position]);
    }
}
