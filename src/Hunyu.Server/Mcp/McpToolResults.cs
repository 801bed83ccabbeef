using System.Text.Json;
using Hunyu.Core.Errors;
using ModelContextProtocol.Protocol;

namespace Hunyu.Server.Mcp;

/// <summary>Builds tool results: structured content with a readable text block, or a tool error.</summary>
internal static class McpToolResults
{
    /// <summary>A result carrying <paramref name="value"/> as structured content and <paramref name="text"/> for readers.</summary>
    public static CallToolResult Success<T>(T value, string text) => new()
    {
        StructuredContent = JsonSerializer.SerializeToElement(value, McpJson.Options),
        Content = [new TextContentBlock { Text = text }],
    };

    /// <summary>
    /// A tool error: <c>code: message</c>, the message naming the argument. <paramref name="rename"/> rewords a prefix
    /// when the tool's argument is named differently from the field the message names.
    /// </summary>
    public static CallToolResult Failure(HunyuException error, (string From, string To)? rename = null)
    {
        ArgumentNullException.ThrowIfNull(error);
        var message = error.Message;
        if (rename is var (from, to) && message.StartsWith(from, StringComparison.Ordinal))
        {
            message = to + message[from.Length..];
        }

        return new CallToolResult
        {
            IsError = true,
            Content = [new TextContentBlock { Text = $"{error.Error.Code}: {message}" }],
        };
    }
}
