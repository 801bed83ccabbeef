using System.Runtime.CompilerServices;
using System.Text;
using LLama;
using LLama.Common;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Gateway;

/// <summary>
/// LLamaSharp's chat client over a loaded GGUF model: owns the weights, runs one generation at a time and reports the
/// token usage counted by the model's own tokenizer (LLamaSharp reports none).
/// </summary>
/// <remarks>
/// One at a time because LLamaSharp's <c>StatelessExecutor</c> keeps its batch and context in fields shared by every
/// call; on a CPU concurrent generations would only share the same cores anyway.
/// </remarks>
internal sealed class GgufChatClient : DelegatingChatClient
{
    /// <summary>The prompt format: <c>System: …</c>/<c>User: …</c> lines, then <c>Assistant: </c> for the model to go on.</summary>
    private static readonly PromptTransform Prompt = new();

    private readonly LLamaWeights _weights;
    private readonly SemaphoreSlim _gate = new(1, 1);

    private GgufChatClient(IChatClient inner, LLamaWeights weights)
        : base(inner) => _weights = weights;

    /// <summary>A client generating with <paramref name="executor"/>, owning <paramref name="weights"/>.</summary>
    public static GgufChatClient Create(StatelessExecutor executor, LLamaWeights weights) =>
        new(LLama.Abstractions.LLamaExecutorExtensions.AsChatClient(executor, Prompt), weights);

    /// <inheritdoc />
    public override async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        var list = messages as IList<ChatMessage> ?? [.. messages];
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var response = await base.GetResponseAsync(list, options, cancellationToken);
            response.Usage ??= Usage(list, response.Text);
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
        var list = messages as IList<ChatMessage> ?? [.. messages];
        await _gate.WaitAsync(cancellationToken);
        try
        {
            var text = new StringBuilder();
            await foreach (var update in base.GetStreamingResponseAsync(list, options, cancellationToken))
            {
                text.Append(update.Text);
                yield return update;
            }

            yield return new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(Usage(list, text.ToString()))]);
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

    /// <summary>Tokens of the prompt as the executor tokenizes it (with BOS, special tokens parsed) and of the answer.</summary>
    private UsageDetails Usage(IEnumerable<ChatMessage> messages, string answer)
    {
        var history = new ChatHistory();
        foreach (var message in messages)
        {
            // As LLamaSharp's chat client maps them.
            var role = message.Role == ChatRole.System ? AuthorRole.System : message.Role == ChatRole.Assistant ? AuthorRole.Assistant : AuthorRole.User;
            history.AddMessage(role, string.Concat(message.Contents.OfType<TextContent>()));
        }

        long input = _weights.Tokenize(Prompt.HistoryToText(history), true, true, Encoding.UTF8).Length;
        long output = _weights.Tokenize(answer, false, false, Encoding.UTF8).Length;
        return new UsageDetails { InputTokenCount = input, OutputTokenCount = output, TotalTokenCount = input + output };
    }

    /// <summary>LLamaSharp's default chat prompt, made explicit so the usage count tokenizes the same text.</summary>
    private sealed class PromptTransform : LLamaTransforms.DefaultHistoryTransform
    {
        public override string HistoryToText(ChatHistory history) => $"{base.HistoryToText(history)}{AuthorRole.Assistant}: ";
    }
}
