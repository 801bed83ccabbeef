using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Abstractions;
using LLama.Common;
using LLama.Exceptions;
using LLama.Native;
using LLama.Transformers;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Gateway;

/// <summary>
/// LLamaSharp's chat client over a loaded GGUF model: owns the weights, writes the prompt with the model's own chat
/// template when llama.cpp can apply it, runs one generation at a time and reports the token usage counted by the
/// model's own tokenizer (LLamaSharp reports none).
/// </summary>
/// <remarks>
/// <para>One at a time because LLamaSharp's <c>StatelessExecutor</c> keeps its batch and context in fields shared by
/// every call; on a CPU concurrent generations would only share the same cores anyway.</para>
/// <para>With a chat template the answer ends at the model's end-of-generation token (EOS/EOT) only: LLamaSharp's chat
/// client also stops on the text <c>User:</c>, <c>Assistant:</c> or <c>System:</c>, which only its plain format
/// needs, and would cut an answer that says e.g. "Operating System:".</para>
/// </remarks>
internal sealed class GgufChatClient : DelegatingChatClient
{
    private readonly LLamaWeights _weights;
    private readonly PromptedExecutor _executor;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private GgufChatClient(IChatClient inner, LLamaWeights weights, PromptedExecutor executor, GgufPromptFormat format)
        : base(inner)
    {
        _weights = weights;
        _executor = executor;
        Format = format;
    }

    /// <summary>How this model's prompts are written.</summary>
    public GgufPromptFormat Format { get; }

    /// <summary>A client generating with <paramref name="executor"/>, owning <paramref name="weights"/>.</summary>
    public static GgufChatClient Create(StatelessExecutor executor, LLamaWeights weights)
    {
        var format = FormatOf(weights);
        var templated = format == GgufPromptFormat.ChatTemplate;
        var prompted = new PromptedExecutor(executor, endOnlyAtEndOfGeneration: templated);

        // Without a template LLamaSharp's defaults: its plain format, whose role words are also where an answer stops.
        var inner = templated
            ? prompted.AsChatClient(new PromptTemplateTransformer(weights, withAssistant: true), new LLamaTransforms.EmptyTextOutputStreamTransform())
            : prompted.AsChatClient();
        return new GgufChatClient(inner, weights, prompted, format);
    }

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var response = await base.GetResponseAsync(messages, options, cancellationToken);
            response.Usage ??= Usage(response.Text);
            return response;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    public override async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var text = new StringBuilder();
            await foreach (var update in base.GetStreamingResponseAsync(messages, options, cancellationToken))
            {
                text.Append(update.Text);
                yield return update;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(text.ToString()))]);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _weights.Dispose();
            _gate.Dispose();
        }

        base.Dispose(disposing);
    }

    /// <summary>The chat template when the file has one llama.cpp can apply, else the plain format.</summary>
    private static GgufPromptFormat FormatOf(LLamaWeights weights)
    {
        // Asked first: given no template at all, llama.cpp would quietly format as ChatML.
        if (weights.NativeHandle.GetTemplate(strict: false) is null)
        {
            return GgufPromptFormat.PlainWithoutTemplate;
        }

        // llama.cpp recognises the common templates (ChatML, Llama 3, DeepSeek, GLM …) by their markers and refuses
        // the others, so one conversation tells whether every one will format.
        var probe = new ChatHistory();
        probe.AddMessage(AuthorRole.System, "s");
        probe.AddMessage(AuthorRole.User, "u");
        try
        {
            _ = new PromptTemplateTransformer(weights).HistoryToText(probe);
            return GgufPromptFormat.ChatTemplate;
        }
        catch (MissingTemplateException)
        {
            return GgufPromptFormat.PlainTemplateNotSupported;
        }
    }

    /// <summary>Tokens of the prompt the model was given, as the executor tokenizes it (with BOS, special tokens parsed), and of the answer.</summary>
    private UsageDetails Usage(string answer)
    {
        long input = _weights.Tokenize(_executor.LastPrompt, true, true, Encoding.UTF8).Length;
        long output = _weights.Tokenize(answer, false, false, Encoding.UTF8).Length;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    /// <summary>
    /// The executor as LLamaSharp's chat client sees it: keeps the prompt it is given (the usage counts exactly that
    /// text) and, for a templated model, drops the chat client's plain-format anti-prompts.
    /// </summary>
    private sealed class PromptedExecutor(StatelessExecutor inner, bool endOnlyAtEndOfGeneration) : ILLamaExecutor
    {
        /// <summary>The last prompt generated from; read under the client's gate, after the generation.</summary>
        public string LastPrompt { get; private set; } = string.Empty;

        public LLamaContext Context => inner.Context;

        public bool IsMultiModal => inner.IsMultiModal;

        public MtmdWeights? ClipModel => inner.ClipModel;

        public List<SafeMtmdEmbed> Embeds => inner.Embeds;

        public IAsyncEnumerable<string> InferAsync(string text, IInferenceParams? inferenceParams = null, CancellationToken token = default)
        {
            LastPrompt = text;
            if (endOnlyAtEndOfGeneration && inferenceParams is not null)
            {
                // The executor still stops at the end-of-generation tokens.
                inferenceParams.AntiPrompts = [];
            }

            return inner.InferAsync(text, inferenceParams, token);
        }
    }
}
