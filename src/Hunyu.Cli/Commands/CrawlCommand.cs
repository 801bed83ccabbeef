using System.CommandLine;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Jobs;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Cli.Commands;

/// <summary>
/// <c>hunyu crawl URL...</c>: crawls web pages (and sitemaps) into a domain. Incremental like ingest:
/// unchanged pages (ETag/Last-Modified) are skipped, pages gone from the site are removed.
/// </summary>
public static class CrawlCommand
{
    /// <summary>Builds the command.</summary>
    public static Command Create(Func<ParseResult, CliContext> context)
    {
        var urls = new Argument<string[]>("url") { Description = "Start pages", Arity = ArgumentArity.ZeroOrMore };
        var sitemaps = new Option<string[]>("--sitemap") { Description = "Sitemap URL (repeatable)" };
        var domain = new Option<string>("--domain", "-d") { Description = "Domain to crawl into", DefaultValueFactory = _ => "web" };
        var depth = new Option<int>("--depth") { Description = "Links to follow from a start page", DefaultValueFactory = _ => WebCrawlOptions.DefaultMaxDepth };
        var maxPages = new Option<int>("--max-pages") { Description = "Pages to read at most", DefaultValueFactory = _ => WebCrawlOptions.DefaultMaxPages };
        var allowHosts = new Option<string[]>("--allow-host") { Description = "Another host to follow links to (repeatable; default: the start pages' hosts)" };
        var allowPrivate = new Option<bool>("--allow-private-networks") { Description = "Allow private addresses (10/8, 192.168/16, …); off by default (SSRF guard)" };
        var allowLoopback = new Option<bool>("--allow-loopback") { Description = "Allow loopback addresses; off by default (SSRF guard)" };
        var allow = new Option<string[]>("--allow") { Description = "Who may see the pages: '*', user:NAME or group:NAME (repeatable)" };
        var deny = new Option<string[]>("--deny") { Description = "Who may not see them (repeatable)" };
        var command = new Command("crawl", "Crawl web pages into a domain (robots.txt, same site, rate-limited; private addresses refused)")
        {
            urls, sitemaps, domain, depth, maxPages, allowHosts, allowPrivate, allowLoopback, allow, deny,
        };
        command.SetAction(async (parse, cancellationToken) =>
        {
            var cli = context(parse);
            var target = parse.GetRequiredValue(domain);
            using var knowledge = cli.OpenKnowledgeBase();
            var options = new WebCrawlOptions
            {
                Urls = parse.GetValue(urls) ?? [],
                Sitemaps = parse.GetValue(sitemaps) ?? [],
                MaxDepth = parse.GetValue(depth),
                MaxPages = parse.GetValue(maxPages),
                AllowedHosts = parse.GetValue(allowHosts) ?? [],
                AllowPrivateNetworks = parse.GetValue(allowPrivate),
                AllowLoopback = parse.GetValue(allowLoopback),
            };
            // Validators, ETags and extracted text of each page live next to the data, per source.
            var sourceId = DocumentIds.ForSource(target, WebCrawler.ConnectorKind, WebCrawler.LocationOf(options));
            options = options with { StateDirectory = knowledge.ConnectorStateDirectory(sourceId) };
            var crawler = new WebCrawler(options, ParserRegistry.CreateDefault());
            var result = await knowledge.IngestAsync(
                new IngestionRequest { Connector = crawler, Domain = target, Kind = DomainKind.Internet, Acl = Acl.From(parse.GetValue(allow), parse.GetValue(deny)) },
                null,
                cancellationToken);
            IngestCommand.Report(cli, result);
            foreach (var skipped in crawler.LastReport?.Skipped ?? [])
            {
                cli.Error.WriteLine($"skipped {skipped.Url}: {skipped.Reason}");
            }

            return IngestCommand.ExitCode(result);
        });
        return command;
    }
}
