using System.CommandLine;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;
using Hunyu.Server.Mcp;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu mcp</c>: the MCP server over stdio (tools <c>search</c>, <c>ask</c>, <c>get_document</c>) for a local client
/// that launches it, e.g. a desktop assistant. Standard output carries the protocol only; logs go to standard error.
/// </summary>
/// <remarks>
/// SECURITY: it runs as the local administrator, like every command on the embedded store: stdio is for a client the
/// user launched on their own data. <c>--user NAME [--group G]</c> runs it as a narrower principal instead, which sees
/// only what that user's ACLs and personal domain allow.
/// </remarks>
public static class McpCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var user = new Option<string?>("--user") { Description = "Run as this user (not an administrator) instead of the local administrator" };
        var groups = new Option<string[]>("--group") { Description = "A group of --user (repeatable)" };
        var verbose = new Option<bool>("--verbose") { Description = "Log each request to standard error" };
        var command = new Command("mcp", "Serve MCP over stdio (tools: search, ask, get_document) for a local client that launches it") { user, groups, verbose };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var principal = PrincipalOf(parse.GetValue(user), parse.GetValue(groups) ?? []);
            using var knowledge = cli.OpenKnowledgeBase();
            using var caller = AuditCaller.Use(new AuditCaller(principal, AuditCaller.CliClient));
            var level = parse.GetValue(verbose) ? Microsoft.Extensions.Logging.LogLevel.Information : Microsoft.Extensions.Logging.LogLevel.Warning;
            await McpStdioServer.RunAsync(knowledge, principal, level, cancellationToken);
            return 0;
        });
        return command;
    }

    private static Principal PrincipalOf(string? user, string[] groups)
    {
        if (user is null)
        {
            return groups.Length == 0
                ? Principal.LocalAdmin
                : throw new HunyuException(ErrorCode.InvalidArgument, "--group: needs --user; the local administrator has no groups");
        }

        // The rule of every other user and group name (hunyu users add, bearer-token claims), not one of its own.
        return new Principal(
            IdentityNames.EnsureValid("--user", user.Trim()),
            [.. groups.Select(g => IdentityNames.EnsureValid("--group", g.Trim())).Distinct(StringComparer.Ordinal)]);
    }
}
