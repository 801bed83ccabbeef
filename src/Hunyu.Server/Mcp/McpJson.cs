using System.Text.Json;
using System.Text.Json.Serialization;
using ModelContextProtocol;

namespace Hunyu.Server.Mcp;

/// <summary>How the MCP tools write JSON: the SDK's settings with the API's snake_case property names.</summary>
internal static class McpJson
{
    /// <summary>The options for tool schemas and structured content.</summary>
    public static JsonSerializerOptions Options { get; } = Create();

    private static JsonSerializerOptions Create()
    {
        var options = new JsonSerializerOptions(McpJsonUtilities.DefaultOptions)
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        };
        // Enum names as declared: the output schema lists them so, and a client that validates structured content compares.
        options.Converters.Add(new JsonStringEnumConverter());
        options.MakeReadOnly();
        return options;
    }
}
