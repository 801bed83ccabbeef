using Hunyu.Core.Security;

namespace Hunyu.Server.Mcp;

/// <summary>Who an MCP tool call runs as: over HTTP the request's principal, over stdio the one the command was started with.</summary>
/// <param name="resolve">Gives the principal of the call in progress.</param>
internal sealed class McpCaller(Func<Principal> resolve)
{
    /// <summary>The principal of the call in progress.</summary>
    public Principal Principal => resolve();
}
