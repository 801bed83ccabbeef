using Hunyu.Core.Security;
using Hunyu.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Hunyu.Server.Mcp;

/// <summary>
/// The MCP server over stdio, for a local client that launches <c>hunyu mcp</c> itself: JSON-RPC on standard input and
/// output, logs on standard error only (anything else on standard output would break the protocol).
/// </summary>
public static class McpStdioServer
{
    /// <summary>Serves until the client closes standard input or <paramref name="cancellationToken"/> fires.</summary>
    /// <param name="knowledge">The open knowledge base; the caller owns it.</param>
    /// <param name="principal">Who every call runs as.</param>
    /// <param name="minimumLogLevel">The least severe log entry written to standard error.</param>
    /// <param name="cancellationToken">Stops the server.</param>
    public static async Task RunAsync(KnowledgeBase knowledge, Principal principal, LogLevel minimumLogLevel = LogLevel.Warning, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(principal);

        // The empty builder reads no appsettings and adds no stdout logger.
        var builder = Host.CreateEmptyApplicationBuilder(new HostApplicationBuilderSettings());
        builder.Logging.AddConsole(console => console.LogToStandardErrorThreshold = LogLevel.Trace).SetMinimumLevel(minimumLogLevel);
        builder.Services.AddSingleton(knowledge);
        builder.Services.AddSingleton(new McpCaller(() => principal));
        HunyuMcp.AddTools(builder.Services).WithStdioServerTransport();
        using var host = builder.Build();
        await host.RunAsync(cancellationToken);
    }
}
