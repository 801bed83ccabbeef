using System.Text.Json;

namespace Hunyu.Server.OpenAI;

/// <summary>One message of a chat completion request.</summary>
public sealed class ChatMessageBody
{
    /// <summary><c>system</c>, <c>developer</c>, <c>user</c> or <c>assistant</c>.</summary>
    public string? Role { get; init; }

    /// <summary>A string, or an array of content parts of which only <c>text</c> parts are accepted.</summary>
    public JsonElement Content { get; init; }
}
