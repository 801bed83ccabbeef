using System.Text;

namespace Hunyu.Tests.Shared;

/// <summary>
/// Writes a tiny, real llama-architecture GGUF model that llama.cpp loads and runs, and whose generation is scripted:
/// it answers with the given pieces, in order, then ends. Linked into the projects that run local models, since no
/// model weights may be downloaded.
/// </summary>
/// <remarks>
/// <para>How the script works: every attention and feed-forward matrix is zero, so the residual stream is the current
/// token's embedding alone and the next token depends on the current token only. A token after which the answer
/// starts embeds as the one-hot e0; answer piece i (1-based) embeds as e_i. The output row of piece i+1 holds
/// <see cref="Logit"/> at dimension i (piece 1 at dimension 0, the end at the last piece's), so after the final RMS
/// norm the successor's logit is Logit·√<see cref="EmbeddingLength"/> = 480 and every other is 0: any sampler at any
/// temperature picks it.</para>
/// <para>Without a template, or with one that is not <see cref="ChatMl"/>, every ordinary token starts the answer
/// (whatever the prompt, the model answers) and the answer ends with end-of-sequence. With <see cref="ChatMl"/> the
/// model is a ChatML chat model: only the assistant header's last token (<see cref="AssistantHeader"/>, a token of its
/// own) starts the answer, every other token embeds as the last dimension, whose successor is end-of-sequence (so any
/// other prompt, e.g. the plain <c>Assistant: </c> one, gets an empty answer), and the answer ends with the end-of-turn
/// token <c>&lt;|im_end|&gt;</c>, which itself starts the answer again: a generation that ran past the end of turn
/// would repeat it.</para>
/// <para>The vocabulary is SentencePiece (<c>tokenizer.ggml.model = llama</c>): <c>&lt;unk&gt;</c>, <c>&lt;s&gt;</c>,
/// <c>&lt;/s&gt;</c>, the 256 byte tokens (so any prompt tokenizes, by byte fallback), for ChatML its markers
/// (<c>&lt;|im_start|&gt;</c>, <c>&lt;|im_end|&gt;</c> as control tokens, the header's <c>assistant\n</c> as a
/// user-defined one) and the answer pieces as user-defined tokens, which llama.cpp matches whole and prints
/// verbatim.</para>
/// <para>Layout (GGUF v3, little endian): header, key-value metadata, tensor infos, padding to
/// <see cref="Alignment"/>, then the F32 tensor data, each tensor at an aligned offset.</para>
/// </remarks>
internal static class TinyGguf
{
    /// <summary>Width of the residual stream; bounds the number of answer pieces (one dimension each, plus e0 and the silent one).</summary>
    public const int EmbeddingLength = 256;

    /// <summary>Most answer pieces a model can script.</summary>
    public const int MaxPieces = EmbeddingLength - 2;

    /// <summary>Training context length declared; Chinese prompts fall back to ~3 byte tokens per character.</summary>
    public const int ContextLength = 32768;

    /// <summary>The ChatML chat template (Qwen, Yi …) as model files carry it; llama.cpp recognises it by <c>&lt;|im_start|&gt;</c>.</summary>
    public const string ChatMl = """{% for message in messages %}{{'<|im_start|>' + message['role'] + '\n' + message['content'] + '<|im_end|>' + '\n'}}{% endfor %}{% if add_generation_prompt %}{{ '<|im_start|>assistant\n' }}{% endif %}""";

    /// <summary>How a ChatML prompt ends: the assistant's header, after which the model answers.</summary>
    public const string AssistantHeader = "<|im_start|>assistant\n";

    /// <summary>The successor's output weight: large enough that no sampler picks anything else.</summary>
    private const float Logit = 30f;

    /// <summary>Where a ChatML model's ordinary tokens embed: their successor is end-of-sequence.</summary>
    private const int Silent = EmbeddingLength - 1;

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

    // ChatML's markers, after the byte tokens.
    private const int ImStartId = FirstByteId + 256;
    private const int ImEndId = ImStartId + 1;
    private const int HeaderId = ImStartId + 2;

    /// <summary>Writes the model to <paramref name="path"/>.</summary>
    /// <param name="path">The .gguf file to create.</param>
    /// <param name="answer">The answer's pieces, in order: distinct, non-empty, at most <see cref="MaxPieces"/>.</param>
    /// <param name="chatTemplate">The file's <c>tokenizer.chat_template</c>, none when null; <see cref="ChatMl"/> makes a ChatML chat model.</param>
    public static void Write(string path, IReadOnlyList<string> answer, string? chatTemplate = null)
    {
        ArgumentNullException.ThrowIfNull(answer);
        if (answer.Count is 0 or > MaxPieces || answer.Any(string.IsNullOrEmpty) || answer.Distinct(StringComparer.Ordinal).Count() != answer.Count)
        {
            throw new ArgumentException($"give 1-{MaxPieces} distinct, non-empty pieces (each is one token with one successor)", nameof(answer));
        }

        var chatMl = chatTemplate == ChatMl;
        var tokens = new List<string> { "<unk>", "<s>", "</s>" };
        tokens.AddRange(Enumerable.Range(0, 256).Select(b => $"<0x{b:X2}>"));
        var types = new List<int> { TokenUnknown, TokenControl, TokenControl };
        types.AddRange(Enumerable.Repeat(TokenByte, 256));
        if (chatMl)
        {
            tokens.AddRange(["<|im_start|>", "<|im_end|>", AssistantHeader["<|im_start|>".Length..]]);
            types.AddRange([TokenControl, TokenControl, TokenUserDefined]);
        }

        var firstPieceId = tokens.Count;
        tokens.AddRange(answer);
        types.AddRange(Enumerable.Repeat(TokenUserDefined, answer.Count));
        var vocabulary = tokens.Count;

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

        if (chatTemplate is not null)
        {
            metadata.Add(("tokenizer.chat_template", TypeString, w => WriteString(w, chatTemplate)));
        }

        if (chatMl)
        {
            metadata.Add(("tokenizer.ggml.eot_token_id", TypeUInt32, w => w.Write((uint)ImEndId)));
        }

        // token_embd/output are {n_embd, n_vocab}: ne[0] (the row, innermost) is the embedding, one row per token.
        var embeddings = new float[vocabulary * EmbeddingLength];
        var output = new float[vocabulary * EmbeddingLength];
        for (var token = 0; token < vocabulary; token++)
        {
            var piece = token - firstPieceId + 1; // 1-based piece number, ≤ 0 for ordinary tokens
            var dimension = piece >= 1 ? piece : !chatMl || token is HeaderId or ImEndId ? 0 : Silent;
            embeddings[(token * EmbeddingLength) + dimension] = 1f;
            if (piece >= 1)
            {
                output[(token * EmbeddingLength) + piece - 1] = Logit;
            }
        }

        output[((chatMl ? ImEndId : EosId) * EmbeddingLength) + answer.Count] = Logit;
        if (chatMl)
        {
            output[(EosId * EmbeddingLength) + Silent] = Logit;
        }

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
