using System.CommandLine;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Spectre.Console;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu domains [add|list|remove]</c>: the domains of the knowledge base, with their kind, weight and counts. Without a
/// subcommand it lists them. The CLI works on the data folder as its operator, so it sees and changes every domain, of
/// every tenant; <c>add --tenant</c> creates one in a tenant (default <c>default</c>).
/// </summary>
public static class DomainsCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var command = new Command("domains", "List, add or remove domains (without a subcommand: list)");
        command.SetAction((parse, cancellationToken) => ListAsync(context(parse), cancellationToken));
        var list = new Command("list", "List domains with their document counts");
        list.SetAction((parse, cancellationToken) => ListAsync(context(parse), cancellationToken));
        command.Add(Add(context));
        command.Add(list);
        command.Add(Remove(context));
        return command;
    }

    private static async Task<int> ListAsync(CliContext cli, CancellationToken cancellationToken)
    {
        using var knowledge = cli.OpenKnowledgeBase();
        var domains = await knowledge.ListDomainsAsync(cancellationToken);
        if (cli.Json)
        {
            CliJson.Write(cli.Output, new
            {
                Count = domains.Count,
                Domains = domains.Select(d => new { d.Domain.Name, d.Domain.Tenant, d.Domain.Kind, d.Domain.Weight, d.Domain.Owner, d.DocumentCount, Sources = d.Sources.Count }),
            });
            return 0;
        }

        var table = new Table().AddColumns("domain", "tenant", "kind", "weight", "documents", "sources");
        foreach (var d in domains)
        {
            table.AddRow(Markup.Escape(d.Domain.Name), Markup.Escape(d.Domain.Tenant), Markup.Escape(KindText(d.Domain)), $"{d.Domain.Weight:0.###}", $"{d.DocumentCount}", $"{d.Sources.Count}");
        }

        cli.Console.Write(table);
        return 0;
    }

    private static Command Add(Func<ParseResult, CliContext> context)
    {
        var name = new Argument<string>("name") { Description = "Domain name: 1-64 of a-z, 0-9, '-' and '_'" };
        var kind = new Option<DomainKind>("--kind") { Description = "personal, enterprise, business, industry or internet", Required = true };
        var weight = new Option<double?>("--weight") { Description = "Weight in federated search (default 1; an existing domain keeps its own)" };
        var owner = new Option<string?>("--owner") { Description = "The user a personal domain belongs to (required with --kind personal)" };
        var tenant = new Option<string>("--tenant")
        {
            Description = $"The tenant the domain belongs to; only its users see it (default: {Principal.DefaultTenant}; names are unique across tenants)",
            DefaultValueFactory = _ => Principal.DefaultTenant,
        };
        var command = new Command("add", "Create a domain, or change the kind and weight of an existing one") { name, kind, weight, owner, tenant };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            using var knowledge = cli.OpenKnowledgeBase();
            var (domain, created) = await knowledge.SaveDomainAsync(parse.GetRequiredValue(name), parse.GetValue(kind), parse.GetValue(weight), parse.GetValue(owner), parse.GetValue(tenant), cancellationToken);
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { domain.Name, domain.Tenant, domain.Kind, domain.Weight, domain.Owner, Created = created });
            }
            else
            {
                cli.Console.MarkupLineInterpolated($"{(created ? "created" : "updated")} domain [bold]{domain.Name}[/] in tenant {domain.Tenant}: {KindText(domain)}, weight {domain.Weight:0.###}");
            }

            return 0;
        });
        return command;
    }

    private static Command Remove(Func<ParseResult, CliContext> context)
    {
        var name = new Argument<string>("name") { Description = "Domain to remove with all its sources and documents" };
        var command = new Command("remove", "Remove a domain: its sources, documents, index (vectors included) and connector state") { name };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var domain = parse.GetRequiredValue(name);
            using var knowledge = cli.OpenKnowledgeBase();
            var removed = await knowledge.RemoveDomainAsync(domain, cancellationToken)
                ?? throw new HunyuException(ErrorCode.NotFound, $"domain '{domain}': not found; 'hunyu domains' lists them");
            if (cli.Json)
            {
                CliJson.Write(cli.Output, new { Removed = domain, Sources = removed.Sources.Count, Documents = removed.DocumentCount });
            }
            else
            {
                cli.Console.MarkupLineInterpolated($"removed domain [bold]{domain}[/]: {removed.Sources.Count} sources, {removed.DocumentCount} documents");
            }

            return 0;
        });
        return command;
    }

    private static string KindText(Domain domain) =>
        domain.Owner is null ? domain.Kind.ToString().ToLowerInvariant() : $"{domain.Kind.ToString().ToLowerInvariant()} ({domain.Owner})";
}
