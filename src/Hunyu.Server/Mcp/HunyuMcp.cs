using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Server.Http;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using ModelContextProtocol.Protocol;

namespace Hunyu.Server.Mcp;

/// <summary>Hunyu's MCP server: the tools of <see cref="KnowledgeTools"/> over Streamable HTTP at <see cref="Path"/>, or over stdio (<see cref="McpStdioServer"/>).</summary>
public static class HunyuMcp
{
    /// <summary>Where the HTTP server answers MCP.</summary>
    public const string Path = "/mcp";

    /// <summary>The name the server gives MCP clients.</summary>
    public const string ServerName = "hunyu";

    /// <summary>Adds the MCP server over Streamable HTTP; each call runs as its request's principal.</summary>
    public static IServiceCollection AddHunyuMcp(this IServiceCollection services)
    {
        services.AddHttpContextAccessor();
        services.AddSingleton(provider =>
        {
            var http = provider.GetRequiredService<IHttpContextAccessor>();
            return new McpCaller(() => RequestPrincipal.Of(http.HttpContext ?? throw new InvalidOperationException("an MCP tool ran outside an HTTP request")));
        });

        // Stateless: every POST stands alone and carries its own caller, so no session can outlive or change its principal.
        AddTools(services).WithHttpTransport(http => http.Stateless = true);
        return services;
    }

    /// <summary>Maps the MCP endpoint at <see cref="Path"/>, its bodies limited like the JSON API's.</summary>
    public static IEndpointConventionBuilder MapHunyuMcp(this IEndpointRouteBuilder app, ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return app.MapMcp(Path)
            .WithMetadata(BodySizeLimit.Json(options))
            // Every tool only reads (search, ask, get_document), so a reader may call them.
            .RequireRole(PrincipalRole.Reader)
            .ExcludeFromDescription();
    }

    /// <summary>The MCP server with Hunyu's tools; the caller adds a transport.</summary>
    internal static IMcpServerBuilder AddTools(IServiceCollection services) =>
        services
            .AddMcpServer(server => server.ServerInfo = new Implementation
            {
                Name = ServerName,
                Title = "Hunyu knowledge search",
                Version = typeof(HunyuMcp).Assembly.GetName().Version?.ToString() ?? "0",
            })
            .WithTools<KnowledgeTools>(McpJson.Options);
}
