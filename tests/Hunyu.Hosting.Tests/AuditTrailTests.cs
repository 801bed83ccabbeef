using System.Text.Json;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>Searches, answers, ingests and deletes of the knowledge base land in its audit log with who, from where and what.</summary>
public sealed class AuditTrailTests : IDisposable
{
    private static readonly Principal Alice = new("alice", ["法务"]);

    private readonly TestFolder _folder = new();

    [Fact]
    public async Task IngestSearchAskDelete_EachAppendsOneEntryWithPrincipalClientAndDetail()
    {
        _folder.Write("leave.md", "# 年假\n\n员工入职满一年后，每年享有五天带薪年假 zqauditleave。\n");
        using var knowledge = KnowledgeBase.Open(_folder.Data);
        IngestionResult ingested;
        using (AuditCaller.Use(new AuditCaller(Principal.LocalAdmin, "cli")))
        {
            ingested = await knowledge.IngestAsync(new IngestionRequest { Path = _folder.Source, Domain = "handbook" });
        }

        string documentId;
        using (AuditCaller.Use(new AuditCaller(Alice, "203.0.113.7")))
        {
            var found = await knowledge.SearchAsync(new SearchRequest { Query = "zqauditleave", Principal = Alice });
            documentId = Assert.Single(found.Hits).DocumentId;
            var asked = await knowledge.AskAsync(new SearchRequest { Query = "年假有几天 zqauditleave", Principal = Alice, Domains = ["handbook"] });
            Assert.False(asked.Answer.Abstained);
        }

        Assert.True(await knowledge.DeleteDocumentAsync(documentId));
        Assert.False(await knowledge.DeleteDocumentAsync(documentId));

        var entries = (await knowledge.Audit.SearchAsync(new AuditQuery())).Reverse().ToArray();
        Assert.Equal(["ingest", "search", "ask", "delete", "delete"], entries.Select(e => e.Action));

        var ingest = entries[0];
        Assert.Equal(("admin", "cli", "handbook", "ok"), (ingest.UserId, ingest.Client, ingest.Target, ingest.Outcome));
        var ingestDetail = Parse(ingest.Detail);
        Assert.Equal(_folder.Source, ingestDetail.GetProperty("source").GetString());
        Assert.Equal(1, ingestDetail.GetProperty("added").GetInt32());
        Assert.Equal(ingested.RunId, ingestDetail.GetProperty("run_id").GetInt64());

        var search = entries[1];
        Assert.Equal(("alice", "[\"法务\"]", "203.0.113.7", "ok"), (search.UserId, search.Groups, search.Client, search.Outcome));
        var searchDetail = Parse(search.Detail);
        Assert.Equal("zqauditleave", searchDetail.GetProperty("query").GetString());
        Assert.Equal([documentId], searchDetail.GetProperty("documents").EnumerateArray().Select(d => d.GetString()));

        var ask = entries[2];
        Assert.Equal(("alice", "handbook"), (ask.UserId, ask.Target));
        var askDetail = Parse(ask.Detail);
        Assert.Equal("年假有几天 zqauditleave", askDetail.GetProperty("question").GetString());
        Assert.Equal([documentId], askDetail.GetProperty("cited").EnumerateArray().Select(d => d.GetString()));

        // SECURITY: no entry carries the document's text.
        Assert.All(entries, e => Assert.DoesNotContain("带薪年假", e.Detail, StringComparison.Ordinal));

        Assert.Equal((documentId, "local", "ok", null), (entries[3].Target, entries[3].Client, entries[3].Outcome, entries[3].Code));
        Assert.Equal(("failed", "not_found"), (entries[4].Outcome, entries[4].Code));
        Assert.True((await knowledge.Audit.VerifyAsync()).Intact);
    }

    [Fact]
    public async Task SearchAsync_InvalidQuery_IsRecordedAsFailedWithItsCode()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);

        var error = await Assert.ThrowsAsync<HunyuException>(() => knowledge.SearchAsync(new SearchRequest { Query = new string('长', SearchRequest.MaxQueryLength + 1), Principal = Alice }));

        var entry = Assert.Single(await knowledge.Audit.SearchAsync(new AuditQuery()));
        Assert.Equal(("search", "alice", "failed", error.Error.Code), (entry.Action, entry.UserId, entry.Outcome, entry.Code));
    }

    [Fact]
    public async Task DomainAndSourceChanges_AreRecordedAsConfigurationChanges()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data);

        await knowledge.SaveDomainAsync("policies", DomainKind.Enterprise, weight: 2);
        var source = await knowledge.DefineSourceAsync("policies", DomainKind.Enterprise, "files", _folder.Root, "{}");
        await knowledge.RemoveSourceAsync(source.Id);
        await knowledge.RemoveDomainAsync("policies");
        await knowledge.RemoveDomainAsync("policies");

        var entries = (await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.ConfigChange })).Reverse().ToArray();
        Assert.Equal(
            ["domain_save", "source_define", "source_remove", "domain_remove", "domain_remove"],
            entries.Select(e => Parse(e.Detail).GetProperty("change").GetString()));
        Assert.Equal(["domain:policies", "domain:policies", "source:" + source.Id, "domain:policies", "domain:policies"], entries.Select(e => e.Target));
        Assert.Equal(("failed", "not_found"), (entries[^1].Outcome, entries[^1].Code));
        Assert.Equal("2", Parse(entries[0].Detail).GetProperty("weight").GetString());
    }

    [Fact]
    public async Task Open_AuditOff_RecordsNothing()
    {
        using var knowledge = KnowledgeBase.Open(_folder.Data, new KnowledgeBaseOptions { Audit = NullAuditLog.Instance });

        await knowledge.SearchAsync(new SearchRequest { Query = "年假", Principal = Alice });

        using var audited = KnowledgeBase.Open(Path.Combine(_folder.Root, "other"));
        Assert.Same(NullAuditLog.Instance, knowledge.Audit);
        Assert.Empty(await audited.Audit.SearchAsync(new AuditQuery()));
    }

    public void Dispose() => _folder.Dispose();

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
