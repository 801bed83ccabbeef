using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu users|groups|keys add|list|remove</c> (and <c>users disable|enable</c>): identities of the embedded store. The CLI works on the data folder as
/// its operator (the local administrator); every change is audited. A key's text is printed once, by <c>keys add</c>.
/// </summary>
public static class IdentityCommands
{
    /// <summary>Builds <c>hunyu users</c>.</summary>
    public static Command Users(Func<ParseResult, CliContext> context)
    {
        var command = new Command("users", "Add, list, remove, disable or enable users (without a subcommand: list)");
        var listTenant = TenantOption("List the users of this tenant (default: every tenant)", defaulted: false);
        command.SetAction((parse, cancellationToken) => ListUsersAsync(context(parse), null, cancellationToken));
        var list = new Command("list", "List users with their role and groups") { listTenant };
        list.SetAction((parse, cancellationToken) => ListUsersAsync(context(parse), parse.GetValue(listTenant), cancellationToken));

        var name = new Argument<string>("name") { Description = "User name; ACL entries name it as user:NAME" };
        var role = new Option<string>("--role") { Description = "reader, editor or admin", DefaultValueFactory = _ => "reader" };
        var groups = new Option<string[]>("--group") { Description = "Group the user belongs to (repeatable; replaces the user's groups)" };
        var tenant = TenantOption("The user's tenant");
        var add = new Command("add", "Add a user, or change an existing user's role (and groups, when given)") { name, role, groups, tenant };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var given = parse.GetValue(groups);
            var parsedRole = PrincipalRoles.Parse(parse.GetValue(role));
            using var knowledge = cli.OpenKnowledgeBase();
            var user = await knowledge.SaveUserAsync(parse.GetValue(tenant)!, parse.GetRequiredValue(name), parsedRole, given is { Length: > 0 } ? given : null, cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, UserJson(user));
            }
            else
            {
                cli.Console.MarkupLineInterpolated($"user [bold]{user.Name}[/] ({PrincipalRoles.Format(user.Role)}) in tenant {user.Tenant}; groups: {GroupsText(user.Groups)}");
            }

            return 0;
        });

        var removeName = new Argument<string>("name") { Description = "User to remove; their keys are revoked" };
        var removeTenant = TenantOption("The user's tenant");
        var remove = new Command("remove", "Remove a user and revoke their keys") { removeName, removeTenant };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var user = parse.GetRequiredValue(removeName);
            var userTenant = parse.GetValue(removeTenant)!;
            using var knowledge = cli.OpenKnowledgeBase();
            if (!await knowledge.RemoveUserAsync(userTenant, user, cancellationToken))
            {
                throw new HunyuException(ErrorCode.NotFound, $"user '{user}': not found in tenant '{userTenant}'; 'hunyu users list' lists them");
            }

            Done(cli, new { Removed = user, Tenant = userTenant }, $"removed user {user} from tenant {userTenant}; their keys are revoked");
            return 0;
        });

        command.Add(add);
        command.Add(list);
        command.Add(remove);
        command.Add(DisableCommand(context, disabled: true));
        command.Add(DisableCommand(context, disabled: false));
        return command;
    }

    /// <summary>Builds <c>hunyu groups</c>.</summary>
    public static Command Groups(Func<ParseResult, CliContext> context)
    {
        var command = new Command("groups", "Add, list or remove groups (without a subcommand: list)");
        var listTenant = TenantOption("List the groups of this tenant (default: every tenant)", defaulted: false);
        command.SetAction((parse, cancellationToken) => ListGroupsAsync(context(parse), null, cancellationToken));
        var list = new Command("list", "List groups with their members") { listTenant };
        list.SetAction((parse, cancellationToken) => ListGroupsAsync(context(parse), parse.GetValue(listTenant), cancellationToken));

        var name = new Argument<string>("name") { Description = "Group name; ACL entries name it as group:NAME" };
        var tenant = TenantOption("The group's tenant");
        var add = new Command("add", "Add a group") { name, tenant };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var group = parse.GetRequiredValue(name);
            var groupTenant = parse.GetValue(tenant)!;
            using var knowledge = cli.OpenKnowledgeBase();
            var created = await knowledge.AddGroupAsync(groupTenant, group, cancellationToken);
            Done(cli, new { Name = group, Tenant = groupTenant, Created = created }, $"{(created ? "added" : "kept existing")} group {group} in tenant {groupTenant}");
            return 0;
        });

        var removeName = new Argument<string>("name") { Description = "Group to remove" };
        var removeTenant = TenantOption("The group's tenant");
        var remove = new Command("remove", "Remove a group and its memberships") { removeName, removeTenant };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var group = parse.GetRequiredValue(removeName);
            var groupTenant = parse.GetValue(removeTenant)!;
            using var knowledge = cli.OpenKnowledgeBase();
            if (!await knowledge.RemoveGroupAsync(groupTenant, group, cancellationToken))
            {
                throw new HunyuException(ErrorCode.NotFound, $"group '{group}': not found in tenant '{groupTenant}'; 'hunyu groups list' lists them");
            }

            Done(cli, new { Removed = group, Tenant = groupTenant }, $"removed group {group} from tenant {groupTenant}");
            return 0;
        });

        command.Add(add);
        command.Add(list);
        command.Add(remove);
        return command;
    }

    /// <summary>Builds <c>hunyu keys</c>.</summary>
    public static Command Keys(Func<ParseResult, CliContext> context)
    {
        var command = new Command("keys", "Issue, list or revoke API keys (without a subcommand: list)");
        var listUser = new Option<string?>("--user") { Description = "Only this user's keys" };
        var listTenant = TenantOption("Only keys of this tenant (default: every tenant)", defaulted: false);
        command.SetAction((parse, cancellationToken) => ListKeysAsync(context(parse), null, null, cancellationToken));
        var list = new Command("list", "List keys (never their secrets)") { listUser, listTenant };
        list.SetAction((parse, cancellationToken) => ListKeysAsync(context(parse), parse.GetValue(listTenant), parse.GetValue(listUser), cancellationToken));

        var user = new Option<string>("--user") { Description = "The user the key acts as", Required = true };
        var scopes = new Option<string[]>("--scope") { Description = "read, write or admin (repeatable; default read); the key acts with its user's role capped at its highest scope" };
        var expires = new Option<int?>("--expires-days") { Description = $"Days until the key expires (1-{Hosting.KnowledgeBase.MaxKeyLifetimeDays}; default: never)" };
        var tenant = TenantOption("The user's tenant");
        var add = new Command("add", "Issue a key; its text is printed once and never stored") { user, scopes, expires, tenant };
        add.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var days = parse.GetValue(expires);
            if (days is < 1 or > Hosting.KnowledgeBase.MaxKeyLifetimeDays)
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"--expires-days {days}: allowed 1-{Hosting.KnowledgeBase.MaxKeyLifetimeDays}");
            }

            using var knowledge = cli.OpenKnowledgeBase();
            var issued = await knowledge.AddApiKeyAsync(
                parse.GetValue(tenant)!,
                parse.GetRequiredValue(user),
                parse.GetValue(scopes),
                days is { } d ? TimeSpan.FromDays(d) : null,
                cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { issued.Key, issued.Info.Id, issued.Info.Tenant, issued.Info.User, issued.Info.Scopes, issued.Info.Created, issued.Info.Expires });
            }
            else
            {
                cli.Output.WriteLine(issued.Key);
                cli.Error.WriteLine($"key {issued.Info.Id} for {issued.Info.User} ({string.Join(", ", issued.Info.Scopes)}): shown once; send it as 'Authorization: Bearer <key>' or 'hunyu search --key'");
            }

            return 0;
        });

        var id = new Argument<string>("id") { Description = "The key id (from 'hunyu keys list')" };
        var remove = new Command("remove", "Revoke a key at once") { id };
        remove.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var keyId = parse.GetRequiredValue(id);
            using var knowledge = cli.OpenKnowledgeBase();
            var revoked = await knowledge.RevokeApiKeyAsync(keyId, cancellationToken)
                ?? throw new HunyuException(ErrorCode.NotFound, $"key '{keyId}': not found; 'hunyu keys list' lists them");
            Done(cli, new { Revoked = revoked.Id, revoked.User, revoked.Tenant, RevokedAt = revoked.Revoked }, $"revoked key {revoked.Id} of {revoked.User}");
            return 0;
        });

        command.Add(add);
        command.Add(list);
        command.Add(remove);
        return command;
    }

    // users disable|enable NAME: a disabled user's keys and tokens are refused, their data and keys are kept.
    private static Command DisableCommand(Func<ParseResult, CliContext> context, bool disabled)
    {
        var verb = disabled ? "disable" : "enable";
        var name = new Argument<string>("name") { Description = disabled ? "User to disable" : "User to enable" };
        var tenant = TenantOption("The user's tenant");
        var command = new Command(verb, disabled ? "Disable a user: their API keys and bearer tokens are refused until enabled again" : "Enable a disabled user again") { name, tenant };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var userName = parse.GetRequiredValue(name);
            var userTenant = parse.GetValue(tenant)!;
            using var knowledge = cli.OpenKnowledgeBase();
            var user = await knowledge.SetUserDisabledAsync(userTenant, userName, disabled, cancellationToken)
                ?? throw new HunyuException(ErrorCode.NotFound, $"user '{userName}': not found in tenant '{userTenant}'; 'hunyu users list' lists them");
            Done(cli, UserJson(user), disabled ? $"disabled user {user.Name} in tenant {user.Tenant}; their keys and tokens are refused" : $"enabled user {user.Name} in tenant {user.Tenant}");
            return 0;
        });
        return command;
    }

    private static Option<string?> TenantOption(string description, bool defaulted = true) =>
        defaulted
            ? new Option<string?>("--tenant") { Description = $"{description} (default: {Principal.DefaultTenant})", DefaultValueFactory = _ => Principal.DefaultTenant }
            : new Option<string?>("--tenant") { Description = description };

    private static async Task<int> ListUsersAsync(CliContext cli, string? tenant, CancellationToken cancellationToken)
    {
        using var knowledge = cli.OpenKnowledgeBase();
        var users = await knowledge.ListUsersAsync(tenant, cancellationToken);
        if (cli.Json)
        {
            CliJson.Write(cli.Output, new { Count = users.Count, Users = users.Select(UserJson) });
            return 0;
        }

        var table = new Table().AddColumns("tenant", "user", "role", "groups", "disabled");
        foreach (var user in users)
        {
            table.AddRow(Markup.Escape(user.Tenant), Markup.Escape(user.Name), PrincipalRoles.Format(user.Role), Markup.Escape(GroupsText(user.Groups)), user.Disabled ? "yes" : "no");
        }

        cli.Console.Write(table);
        return 0;
    }

    private static async Task<int> ListGroupsAsync(CliContext cli, string? tenant, CancellationToken cancellationToken)
    {
        using var knowledge = cli.OpenKnowledgeBase();
        var groups = await knowledge.ListGroupsAsync(tenant, cancellationToken);
        if (cli.Json)
        {
            CliJson.Write(cli.Output, new { Count = groups.Count, Groups = groups.Select(g => new { g.Tenant, g.Name, g.Members, g.Created }) });
            return 0;
        }

        var table = new Table().AddColumns("tenant", "group", "members");
        foreach (var group in groups)
        {
            table.AddRow(Markup.Escape(group.Tenant), Markup.Escape(group.Name), Markup.Escape(GroupsText(group.Members)));
        }

        cli.Console.Write(table);
        return 0;
    }

    private static async Task<int> ListKeysAsync(CliContext cli, string? tenant, string? user, CancellationToken cancellationToken)
    {
        using var knowledge = cli.OpenKnowledgeBase();
        var keys = await knowledge.ListApiKeysAsync(tenant, user, cancellationToken);
        if (cli.Json)
        {
            CliJson.Write(cli.Output, new { Count = keys.Count, Keys = keys });
            return 0;
        }

        var table = new Table().AddColumns("id", "tenant", "user", "scopes", "created", "expires", "status", "last used");
        var now = DateTimeOffset.UtcNow;
        foreach (var key in keys)
        {
            table.AddRow(
                key.Id,
                Markup.Escape(key.Tenant),
                Markup.Escape(key.User),
                string.Join(",", key.Scopes),
                $"{key.Created:yyyy-MM-dd HH:mm}",
                key.Expires is { } expires ? $"{expires:yyyy-MM-dd HH:mm}" : "never",
                key.RefusalAt(now) ?? "active",
                key.LastUsed is { } used ? $"{used:yyyy-MM-dd HH:mm}" : "never");
        }

        cli.Console.Write(table);
        return 0;
    }

    private static object UserJson(IdentityUser user) =>
        new { user.Tenant, user.Name, Role = PrincipalRoles.Format(user.Role), user.Groups, user.Disabled, user.Created };

    private static string GroupsText(IReadOnlyList<string> names) => names.Count == 0 ? "-" : string.Join(", ", names);

    private static void Done(CliContext cli, object json, string text)
    {
        if (cli.Json)
        {
            CliJson.Write(cli.Output, json);
        }
        else
        {
            cli.Console.WriteLine(text);
        }
    }
}
