using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu acl show|set|clear TARGET</c>: administrators' ACL rules on a domain, source or document
/// (<c>domain:NAME</c>, <c>source:ID</c>, <c>document:ID</c>). A rule is inherited downward and overrides what it
/// inherits; a change takes effect at once, without re-indexing.
/// </summary>
public static class AclCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var command = new Command("acl", "Show or change who may see a domain, source or document");
        command.Add(Show(context));
        command.Add(Set(context));
        command.Add(Clear(context));
        return command;
    }

    private static Argument<string> TargetArgument() => new("target") { Description = $"What the rule guards: {AclTarget.Forms}" };

    private static Command Show(Func<ParseResult, CliContext> context)
    {
        var target = TargetArgument();
        var command = new Command("show", "Show the rule on a target; for a document also its own and its effective ACL") { target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var parsed = AclTarget.Parse(parse.GetRequiredValue(target));
            using var knowledge = cli.OpenKnowledgeBase();
            Write(cli, await knowledge.GetAclAsync(parsed, cancellationToken), "rule");
            return 0;
        });
        return command;
    }

    private static Command Set(Func<ParseResult, CliContext> context)
    {
        var target = TargetArgument();
        var allow = new Option<string[]>("--allow") { Description = "Who may see it: '*', user:NAME or group:NAME (repeatable; default '*', i.e. inherit the allow list)" };
        var deny = new Option<string[]>("--deny") { Description = "Who may not, whatever is allowed below (repeatable)" };
        var command = new Command("set", "Set the rule on a target; every document under it follows at once") { target, allow, deny };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var parsed = AclTarget.Parse(parse.GetRequiredValue(target));
            var rule = Acl.From(parse.GetValue(allow), parse.GetValue(deny));
            using var knowledge = cli.OpenKnowledgeBase();
            Write(cli, await knowledge.SetAclAsync(parsed, rule, cancellationToken), "set");
            return 0;
        });
        return command;
    }

    private static Command Clear(Func<ParseResult, CliContext> context)
    {
        var target = TargetArgument();
        var command = new Command("clear", "Remove the rule on a target, so it inherits again") { target };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var parsed = AclTarget.Parse(parse.GetRequiredValue(target));
            using var knowledge = cli.OpenKnowledgeBase();
            Write(cli, await knowledge.SetAclAsync(parsed, null, cancellationToken), "cleared");
            return 0;
        });
        return command;
    }

    private static void Write(CliContext cli, AclSettings settings, string verb)
    {
        if (cli.Json)
        {
            CliJson.Write(cli.Output, new
            {
                Target = settings.Target.ToString(),
                Rule = Shape(settings.Rule),
                Own = Shape(settings.Own),
                Effective = Shape(settings.Effective),
                settings.Documents,
            });
            return;
        }

        cli.Console.MarkupLineInterpolated($"{verb} [bold]{settings.Target.ToString()}[/]: {Text(settings.Rule, "none (inherits)")}; {settings.Documents} document(s)");
        if (settings.Own is not null)
        {
            cli.Console.MarkupLineInterpolated($"  own       {Text(settings.Own, "-")}");
            cli.Console.MarkupLineInterpolated($"  effective {Text(settings.Effective, "-")}");
        }
    }

    private static object? Shape(Acl? acl) => acl is null ? null : new { acl.Allow, acl.Deny };

    private static string Text(Acl? acl, string none) =>
        acl is null ? none : $"allow {string.Join(", ", acl.Allow)}" + (acl.Deny.Count > 0 ? $"; deny {string.Join(", ", acl.Deny)}" : string.Empty);
}
