namespace Hunyu.Server.OpenAI;

/// <summary>The body of <c>POST /v1/chat/completions</c> (OpenAI's fields; sampling settings are accepted and ignored).</summary>
public sealed class ChatCompletionBody
{
    /// <summary>The model: <c>hunyu</c>, <c>hunyu:DOMAIN</c> or a configured scenario (see <c>GET /v1/models</c>).</summary>
    public string? Model { get; init; }

    /// <summary>The conversation: the last user message is the question, earlier user/assistant messages its history.</summary>
    public IReadOnlyList<ChatMessageBody>? Messages { get; init; }

    /// <summary>True answers as Server-Sent Events in OpenAI's chunk format, ending with <c>data: [DONE]</c>.</summary>
    public bool? Stream { get; init; }
}
