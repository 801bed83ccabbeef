using System.Net;
using System.Text.Json;
using Hunyu.Core.Security;
using Hunyu.Hosting.Notes;
using Microsoft.Extensions.DependencyInjection;
using static Hunyu.Server.Tests.Mcp.McpSession;

namespace Hunyu.Server.Tests.Mcp;

/// <summary>The MCP endpoint <c>/mcp</c>, driven by the official SDK client over Streamable HTTP.</summary>
public sealed class McpHttpTests
{
    [Fact]
    public async Task ListTools_ShowsSearchAskAndGetDocumentWithTheirInputSchemas()
    {
        await using var app = new HunyuApp();
        await using var client = await ConnectAsync(app);

        var tools = await client.ListToolsAsync(cancellationToken: TestContext.Current.CancellationToken);

        Assert.Equal(["ask", "get_document", "search"], tools.Select(t => t.Name).Order(StringComparer.Ordinal));
        var required = tools.ToDictionary(t => t.Name, t => t.JsonSchema.GetProperty("required").EnumerateArray().Select(r => r.GetString()!).ToArray());
        Assert.Equal(["query"], required["search"]);
        Assert.Equal(["question"], required["ask"]);
        Assert.Equal(["id"], required["get_document"]);
        var search = tools.Single(t => t.Name == "search").JsonSchema.GetProperty("properties");
        Assert.Equal(["domains", "limit", "query"], search.EnumerateObject().Select(p => p.Name).Order(StringComparer.Ordinal));
        Assert.All(tools, t => Assert.True(t.ProtocolTool.Annotations?.ReadOnlyHint, t.Name));
        Assert.All(tools, t => Assert.Equal(JsonValueKind.Object, t.ProtocolTool.OutputSchema?.ValueKind));
    }

    [Fact]
    public async Task SearchAskAndGetDocument_OnUploadedDocuments_AnswerLikeTheApiAndAreAudited()
    {
        await using var app = new HunyuApp();
        using var http = app.CreateClient();
        (await ApiClient.UploadAsync(http, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        (await ApiClient.UploadAsync(http, "ops", (Samples.NotesName, Samples.Notes))).Dispose();
        await using var client = await ConnectAsync(app);

        var searched = await CallAsync(client, "search", new { query = "年假", limit = 5 });

        var hits = Structured(searched).GetProperty("hits");
        var first = hits[0];
        Assert.Equal(1, first.GetProperty("rank").GetInt32());
        Assert.Equal("handbook", first.GetProperty("domain").GetString());
        Assert.Equal("员工手册", first.GetProperty("title").GetString());
        Assert.Contains("<em>年假</em>", first.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.True(first.GetProperty("score").GetDouble() > 0);
        var documentId = first.GetProperty("document_id").GetString()!;
        Assert.Contains($"1. 员工手册 (handbook", TextOf(searched), StringComparison.Ordinal);
        Assert.Contains($"document_id: {documentId}", TextOf(searched), StringComparison.Ordinal);
        Assert.Contains("**年假**", TextOf(searched), StringComparison.Ordinal);

        // The same facade as the API: the same hits for the same query.
        using var api = await ApiClient.PostJsonAsync(http, "/api/search", new { query = "年假", limit = 5 });
        var apiHits = (await ApiClient.ReadJsonAsync(api)).GetProperty("hits");
        Assert.Equal(apiHits.EnumerateArray().Select(h => h.GetProperty("citation_id").GetString()), hits.EnumerateArray().Select(h => h.GetProperty("citation_id").GetString()));

        var asked = await CallAsync(client, "ask", new { question = "入职满一年有几天年假？", domains = new[] { "handbook" } });

        var answer = Structured(asked);
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.Equal("extractive", answer.GetProperty("answerer").GetString());
        Assert.Contains("[1]", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        var citation = answer.GetProperty("citations")[0];
        Assert.Equal(documentId, citation.GetProperty("document_id").GetString());
        Assert.Contains("十五天", answer.GetProperty("answer").GetString(), StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(citation.GetProperty("quote").GetString()));
        Assert.Contains($"[1] 员工手册 — document_id: {documentId}", TextOf(asked), StringComparison.Ordinal);
        Assert.Contains("answerer: extractive", TextOf(asked), StringComparison.Ordinal);

        var read = await CallAsync(client, "get_document", new { id = documentId });

        var document = Structured(read);
        Assert.Equal(documentId, document.GetProperty("document").GetProperty("id").GetString());
        Assert.Equal("handbook", document.GetProperty("document").GetProperty("domain").GetString());
        Assert.Contains("每年享有十五天带薪年假", document.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("差旅费用须在出差结束后三十日内提交报销单", document.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.False(document.GetProperty("truncated").GetBoolean());
        Assert.StartsWith("# 员工手册\n", TextOf(read), StringComparison.Ordinal);

        using var audit = await http.GetAsync(new Uri("/api/audit?limit=10", UriKind.Relative), TestContext.Current.CancellationToken);
        var entries = (await ApiClient.ReadJsonAsync(audit)).GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(["ask", "search", "search"], entries.Take(3).Select(e => e.GetProperty("action").GetString()!));
        Assert.Equal("入职满一年有几天年假？", entries[0].GetProperty("detail").GetProperty("question").GetString());
        Assert.All(entries.Take(3), e => Assert.Equal("admin", e.GetProperty("user").GetString()));
    }

    [Fact]
    public async Task GetDocument_RefusedRead_IsAuditedExactlyLikeTheApisReadById()
    {
        await using var app = new HunyuApp();
        using var http = app.CreateClient();
        await using var client = await ConnectAsync(app);

        Assert.StartsWith("not_found:", Error(await CallAsync(client, "get_document", new { id = "00000000000000mcp" })), StringComparison.Ordinal);
        (await http.GetAsync(new Uri("/api/documents/00000000000000api", UriKind.Relative), TestContext.Current.CancellationToken)).Dispose();

        using var audit = await http.GetAsync(new Uri("/api/audit?action=read", UriKind.Relative), TestContext.Current.CancellationToken);
        var entries = (await ApiClient.ReadJsonAsync(audit)).GetProperty("entries").EnumerateArray().ToArray();
        Assert.Equal(["00000000000000api", "00000000000000mcp"], entries.Select(e => e.GetProperty("target").GetString()));
        Assert.All(entries, e => Assert.Equal(("admin", "failed", "not_found"), (e.GetProperty("user").GetString(), e.GetProperty("outcome").GetString(), e.GetProperty("code").GetString())));
        Assert.Equal(entries[0].GetProperty("client").GetString(), entries[1].GetProperty("client").GetString());
    }

    [Theory]
    [InlineData("search", """{"query": ""}""", "invalid_query: query: empty")]
    [InlineData("search", """{"query": "   "}""", "invalid_query: query: empty")]
    [InlineData("search", """{"query": "年假", "limit": 0}""", "invalid_argument: limit: 0; allowed 1-1000")]
    [InlineData("search", """{"query": "年假", "limit": 1001}""", "invalid_argument: limit: 1001; allowed 1-1000")]
    [InlineData("search", """{"query": "年假", "domains": ["handbook", "no-such"]}""", "not_found: domains[1] 'no-such': no such domain")]
    [InlineData("search", """{"query": "年假", "domains": ["Bad Name!"]}""", "invalid_argument: domains[0] 'Bad Name!'")]
    [InlineData("ask", """{"question": ""}""", "invalid_query: question: empty")]
    [InlineData("ask", """{"question": "年假", "domains": ["no-such"]}""", "not_found: domains[0] 'no-such': no such domain")]
    [InlineData("get_document", """{"id": ""}""", "invalid_argument: id: empty")]
    [InlineData("get_document", """{"id": "0123456789abcdef"}""", "not_found: document '0123456789abcdef' not found")]
    public async Task BadArguments_GiveAToolErrorNamingTheArgument(string tool, string arguments, string expected)
    {
        await using var app = new HunyuApp();
        using var http = app.CreateClient();
        (await ApiClient.UploadAsync(http, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        await using var client = await ConnectAsync(app);

        var result = await client.CallToolAsync(tool, JsonSerializer.Deserialize<Dictionary<string, object?>>(arguments), cancellationToken: TestContext.Current.CancellationToken);

        Assert.StartsWith(expected, Error(result), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Post_FromABrowserPageOfAnotherOrigin_IsRefused()
    {
        await using var app = new HunyuApp();
        using var http = app.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/mcp")
        {
            Content = new StringContent("""{"jsonrpc":"2.0","id":1,"method":"tools/list"}""", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Origin", "https://evil.example");
        request.Headers.Add("Accept", "application/json, text/event-stream");

        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(response, 403, "cross_origin_forbidden");
    }

    [Fact]
    public async Task PersonalDomainOfAnotherUser_IsAnsweredExactlyLikeOneThatDoesNotExist()
    {
        await using var app = new HunyuApp();
        using var http = app.CreateClient();
        var bob = new Principal("bob", []);
        var note = await app.Services.GetRequiredService<PersonalNotes>().AddAsync(bob, "密码", "zqbobsecret 保险柜密码是 4711", TestContext.Current.CancellationToken);
        await using var client = await ConnectAsync(app);

        // The caller (the local administrator over HTTP) passes every ACL, but not bob's personal domain.
        var everywhere = Structured(await CallAsync(client, "search", new { query = "zqbobsecret" }));
        Assert.Equal(0, everywhere.GetProperty("hits").GetArrayLength());

        var named = Error(await CallAsync(client, "search", new { query = "zqbobsecret", domains = new[] { note.Domain } }));
        var missing = Error(await CallAsync(client, "search", new { query = "zqbobsecret", domains = new[] { "notes-nobody" } }));
        Assert.Equal(missing.Replace("notes-nobody", note.Domain, StringComparison.Ordinal), named);

        var hidden = Error(await CallAsync(client, "get_document", new { id = note.DocumentId }));
        Assert.Equal($"not_found: document '{note.DocumentId}' not found", hidden);

        var asked = Structured(await CallAsync(client, "ask", new { question = "zqbobsecret 保险柜密码是多少？" }));
        Assert.True(asked.GetProperty("abstained").GetBoolean());

        // The API reads documents through the same facade, and agrees.
        using var api = await http.GetAsync(new Uri($"/api/documents/{note.DocumentId}", UriKind.Relative), TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.NotFound, api.StatusCode);
    }
}
