using System.Text.Json;
using System.Text.RegularExpressions;

namespace Hunyu.Cli.Tests;

/// <summary>The commands over the repository's samples, through the entry point, with <c>--json</c> and without.</summary>
public sealed partial class CliCommandTests
{
    [Fact]
    public async Task Ingest_SamplesWithJson_PrintsTheRunWithCountsAndNoFailures()
    {
        using var folder = new TestFolder();
        var samples = folder.CopySamples();

        var result = (await Cli.RunAsync(folder, "ingest", samples, "--json")).AssertSuccess();

        var json = result.Json();
        Assert.Equal(JsonValueKind.Number, json.GetProperty("run_id").ValueKind);
        Assert.True(json.GetProperty("run_id").GetInt64() > 0);
        Assert.Equal("default", json.GetProperty("domain").GetString());
        Assert.Equal(samples, json.GetProperty("source").GetString());
        var added = json.GetProperty("added").GetInt32();
        Assert.True(added > 0);
        Assert.Equal(added, json.GetProperty("documents").GetInt32());
        Assert.True(json.GetProperty("chunks").GetInt32() >= added);
        Assert.Equal(0, json.GetProperty("updated").GetInt32());
        Assert.Equal(JsonValueKind.Array, json.GetProperty("failed").ValueKind);
        Assert.Equal(0, json.GetProperty("failed").GetArrayLength());
        Assert.Equal(Directory.GetFiles(samples, "*", SearchOption.AllDirectories).Length, json.GetProperty("files").GetInt32());
        Assert.Empty(result.Error);

        // Again: nothing to do, everything unchanged.
        var again = (await Cli.RunAsync(folder, "ingest", samples, "--json")).AssertSuccess().Json();
        Assert.Equal(0, again.GetProperty("added").GetInt32());
        Assert.Equal(added, again.GetProperty("unchanged").GetInt32());
        Assert.True(again.GetProperty("run_id").GetInt64() > json.GetProperty("run_id").GetInt64());
    }

    [Fact]
    public async Task SearchAndAsk_AfterIngestingSamples_PrintHitsAndACitedAnswerAsJson()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "ingest", folder.CopySamples(), "--json")).AssertSuccess();

        var search = (await Cli.RunAsync(folder, "search", "劳动合同", "--json")).AssertSuccess().Json();
        var hits = search.GetProperty("hits").EnumerateArray().ToList();
        Assert.NotEmpty(hits);
        Assert.True(hits.Count <= 10);
        Assert.Equal("劳动合同", search.GetProperty("query").GetString());
        Assert.True(search.GetProperty("total_hits").GetInt32() >= hits.Count);
        for (var i = 0; i < hits.Count; i++)
        {
            var hit = hits[i];
            Assert.Equal(i + 1, hit.GetProperty("rank").GetInt32());
            Assert.Matches(CitationIdPattern(), hit.GetProperty("citation_id").GetString());
            Assert.StartsWith(hit.GetProperty("document_id").GetString() + ":", hit.GetProperty("citation_id").GetString(), StringComparison.Ordinal);
            Assert.False(string.IsNullOrWhiteSpace(hit.GetProperty("snippet").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(hit.GetProperty("title").GetString()));
            Assert.Equal("default", hit.GetProperty("domain").GetString());
        }

        Assert.Contains("劳动合同", hits[0].GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("<em>", hits[0].GetProperty("snippet").GetString(), StringComparison.Ordinal);

        var ask = (await Cli.RunAsync(folder, "ask", "什么是劳动合同？", "--json")).AssertSuccess().Json();
        Assert.Equal(JsonValueKind.String, ask.GetProperty("answer").ValueKind);
        Assert.False(string.IsNullOrWhiteSpace(ask.GetProperty("answer").GetString()));
        var citations = ask.GetProperty("citations");
        Assert.Equal(JsonValueKind.Array, citations.ValueKind);
        Assert.NotEqual(0, citations.GetArrayLength());
        foreach (var citation in citations.EnumerateArray())
        {
            Assert.Matches(CitationIdPattern(), citation.GetProperty("citation_id").GetString());
            Assert.Contains($"[{citation.GetProperty("number").GetInt32()}]", ask.GetProperty("answer").GetString(), StringComparison.Ordinal);
        }

        Assert.False(ask.GetProperty("abstained").GetBoolean());
    }

    [Fact]
    public async Task CatalogCommands_AfterIngestingSamples_PrintParseableJson()
    {
        using var folder = new TestFolder();
        var ingest = (await Cli.RunAsync(folder, "ingest", folder.CopySamples(), "--json")).AssertSuccess().Json();
        var documentCount = ingest.GetProperty("documents").GetInt32();

        var documents = (await Cli.RunAsync(folder, "documents", "--json")).AssertSuccess().Json();
        Assert.Equal(documentCount, documents.GetProperty("count").GetInt32());
        var listed = documents.GetProperty("documents").EnumerateArray().ToList();
        Assert.Equal(Math.Min(50, documentCount), listed.Count);
        Assert.All(listed, d =>
        {
            Assert.Matches("^[0-9a-f]{16}$", d.GetProperty("id").GetString());
            Assert.Equal("default", d.GetProperty("domain").GetString());
            Assert.Equal(1, d.GetProperty("version").GetInt32());
        });

        var page = (await Cli.RunAsync(folder, "documents", "--json", "--limit", "5", "--offset", "5")).AssertSuccess().Json();
        Assert.Equal(5, page.GetProperty("documents").GetArrayLength());
        Assert.Equal(listed[5].GetProperty("id").GetString(), page.GetProperty("documents")[0].GetProperty("id").GetString());

        var domains = (await Cli.RunAsync(folder, "domains", "--json")).AssertSuccess().Json();
        Assert.Equal(1, domains.GetProperty("count").GetInt32());
        var domain = domains.GetProperty("domains")[0];
        Assert.Equal("default", domain.GetProperty("name").GetString());
        Assert.Equal(documentCount, domain.GetProperty("document_count").GetInt32());
        Assert.Equal(1, domain.GetProperty("sources").GetInt32());

        var sources = (await Cli.RunAsync(folder, "sources", "--json")).AssertSuccess().Json();
        Assert.Equal(1, sources.GetProperty("count").GetInt32());
        var source = sources.GetProperty("sources")[0];
        Assert.Equal(ingest.GetProperty("source_id").GetString(), source.GetProperty("id").GetString());
        Assert.Equal(documentCount, source.GetProperty("document_count").GetInt32());
        Assert.Equal(JsonValueKind.String, source.GetProperty("last_ingested_at").ValueKind);

        var runs = (await Cli.RunAsync(folder, "runs", "--json")).AssertSuccess().Json();
        Assert.Equal(1, runs.GetProperty("count").GetInt32());
        var run = runs.GetProperty("runs")[0];
        Assert.Equal(ingest.GetProperty("run_id").GetInt64(), run.GetProperty("id").GetInt64());
        Assert.Equal(documentCount, run.GetProperty("report").GetProperty("added").GetInt32());
    }

    [Fact]
    public async Task Delete_ListedDocument_RemovesItAndTheCountDropsByOne()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "ingest", folder.CopySamples(), "--json")).AssertSuccess();
        var before = (await Cli.RunAsync(folder, "documents", "--json")).AssertSuccess().Json();
        var id = before.GetProperty("documents")[0].GetProperty("id").GetString()!;

        var deleted = (await Cli.RunAsync(folder, "delete", id, "--json")).AssertSuccess().Json();

        Assert.Equal(id, deleted.GetProperty("deleted").GetString());
        var after = (await Cli.RunAsync(folder, "documents", "--json")).AssertSuccess().Json();
        Assert.Equal(before.GetProperty("count").GetInt32() - 1, after.GetProperty("count").GetInt32());
        Assert.DoesNotContain(after.GetProperty("documents").EnumerateArray(), d => d.GetProperty("id").GetString() == id);
        (await Cli.RunAsync(folder, "delete", id)).AssertError(3, "not_found");
    }

    [Fact]
    public async Task Search_WithoutJson_PrintsRankTitleAndCitationForPeople()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "ingest", folder.CopySamples(), "--json")).AssertSuccess();
        var json = (await Cli.RunAsync(folder, "search", "劳动合同", "--json", "-n", "3")).AssertSuccess().Json();
        var first = json.GetProperty("hits")[0];

        var result = (await Cli.RunAsync(folder, "search", "劳动合同", "-n", "3")).AssertSuccess();

        var text = result.PlainOutput;
        Assert.Contains("1. " + first.GetProperty("title").GetString(), text, StringComparison.Ordinal);
        Assert.Contains("2. ", text, StringComparison.Ordinal);
        Assert.Contains($"[{first.GetProperty("citation_id").GetString()}]", text, StringComparison.Ordinal);
        Assert.DoesNotContain("<em>", text, StringComparison.Ordinal);
        Assert.Contains("3 of ", text, StringComparison.Ordinal);
        Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
    }

    [Fact]
    public async Task Search_NothingMatches_PrintsNoResultsAndExits0()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "ingest", folder.CopySamples(), "--json")).AssertSuccess();

        var human = (await Cli.RunAsync(folder, "search", "zqnothingmatchesthis")).AssertSuccess();
        var json = (await Cli.RunAsync(folder, "search", "zqnothingmatchesthis", "--json")).AssertSuccess().Json();

        Assert.Contains("no results", human.PlainOutput, StringComparison.Ordinal);
        Assert.Equal(0, json.GetProperty("hits").GetArrayLength());
    }

    [Fact]
    public async Task SearchAndAsk_EmptyKnowledgeBase_ReturnNothingAndAbstain()
    {
        using var folder = new TestFolder();

        var search = (await Cli.RunAsync(folder, "search", "劳动合同", "--json")).AssertSuccess().Json();
        var ask = (await Cli.RunAsync(folder, "ask", "什么是劳动合同？", "--json")).AssertSuccess().Json();
        var documents = (await Cli.RunAsync(folder, "documents", "--json")).AssertSuccess().Json();

        Assert.Equal(0, search.GetProperty("hits").GetArrayLength());
        Assert.True(ask.GetProperty("abstained").GetBoolean());
        Assert.Equal(0, ask.GetProperty("citations").GetArrayLength());
        Assert.Contains("Not found", ask.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.Equal(0, documents.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Ingest_WithoutJson_PrintsASummaryLine()
    {
        using var folder = new TestFolder();
        var samples = folder.CopySamples();

        var result = (await Cli.RunAsync(folder, "ingest", samples)).AssertSuccess();

        var text = result.PlainOutput;
        Assert.Contains("ingested", text, StringComparison.Ordinal);
        Assert.Contains("added", text, StringComparison.Ordinal);
        Assert.Contains("0 updated", text, StringComparison.Ordinal);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Ask_WithoutJson_PrintsTheAnswerThenNumberedSources()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "ingest", folder.CopySamples(), "--json")).AssertSuccess();

        var result = (await Cli.RunAsync(folder, "ask", "什么是劳动合同？")).AssertSuccess();

        var text = result.PlainOutput;
        Assert.Contains("[1]", text, StringComparison.Ordinal);
        Assert.Contains("file://", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_IntoNamedDomainWithAcl_SearchFiltersByDomain()
    {
        using var folder = new TestFolder();
        folder.Write("hr/salary.txt", "薪酬制度\n\n薪酬调整每年三月进行，编号 zqclisalary 。\n");
        folder.Write("it/vpn.txt", "远程办公\n\n远程访问须使用公司 VPN，编号 zqclivpn 。\n");
        (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "hr"), "--domain", "hr", "--allow", "group:hr", "--json")).AssertSuccess();
        (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "it"), "-d", "it", "--json")).AssertSuccess();

        var onlyIt = (await Cli.RunAsync(folder, "search", "zqclisalary zqclivpn", "--domain", "it", "--json")).AssertSuccess().Json();
        var both = (await Cli.RunAsync(folder, "search", "zqclisalary zqclivpn", "--json")).AssertSuccess().Json();
        var hrDocuments = (await Cli.RunAsync(folder, "documents", "--domain", "hr", "--json")).AssertSuccess().Json();

        Assert.Equal("it", Assert.Single(onlyIt.GetProperty("hits").EnumerateArray()).GetProperty("domain").GetString());
        Assert.Equal(2, both.GetProperty("hits").GetArrayLength());
        var acl = Assert.Single(hrDocuments.GetProperty("documents").EnumerateArray()).GetProperty("acl");
        Assert.Equal("group:hr", Assert.Single(acl.GetProperty("allow").EnumerateArray()).GetString());
    }

    [GeneratedRegex("^[0-9a-f]{16}:[0-9]+$")]
    private static partial Regex CitationIdPattern();
}
