using System.Text.Json;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Hunyu.Server.Tests.Mcp;

/// <summary>The official MCP SDK client connected to a test app's <c>/mcp</c>, and reading of its tool results.</summary>
internal static class McpSession
{
    public static async Task<McpClient> ConnectAsync(HunyuApp app)
    {
        var http = app.CreateClient();
        var transport = new HttpClientTransport(
            new HttpClientTransportOptions { Endpoint = new Uri(http.BaseAddress!, "/mcp"), TransportMode = HttpTransportMode.StreamableHttp },
            http,
            ownsHttpClient: true);
        return await McpClient.CreateAsync(transport, cancellationToken: TestContext.Current.CancellationToken);
    }

    public static Task<CallToolResult> CallAsync(McpClient client, string tool, object arguments) =>
        client.CallToolAsync(tool, JsonSerializer.SerializeToElement(arguments).Deserialize<Dictionary<string, object?>>(), cancellationToken: TestContext.Current.CancellationToken).AsTask();

    /// <summary>The structured content of a successful call.</summary>
    public static JsonElement Structured(CallToolResult result)
    {
        Assert.True(result.IsError is not true, TextOf(result));
        return Assert.IsType<JsonElement>(result.StructuredContent);
    }

    /// <summary>The text block of a result.</summary>
    public static string TextOf(CallToolResult result) => Assert.IsType<TextContentBlock>(Assert.Single(result.Content)).Text;

    /// <summary>The text of a tool error.</summary>
    public static string Error(CallToolResult result)
    {
        Assert.True(result.IsError, TextOf(result));
        return TextOf(result);
    }
}
