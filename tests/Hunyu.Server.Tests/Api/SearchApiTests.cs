using System.Net;
using System.Text.Json;

namespace Hunyu.Server.Tests.Api;

public sealed class SearchApiTests
{
    [Fact]
    public async Task Search_AfterUploadingChineseFiles_ReturnsCitedHighlightedHits()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        using var upload = await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook), (Samples.NotesName, Samples.Notes));
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "带薪年假" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiClient.ReadJsonAsync(response);
        Assert.True(body.GetProperty("total_hits").GetInt32() >= 1);
        Assert.Empty(body.GetProperty("warnings").EnumerateArray());
        Assert.True(body.GetProperty("elapsed_ms").GetDouble() >= 0);
        var hit = body.GetProperty("hits")[0];
        Assert.Equal(1, hit.GetProperty("rank").GetInt32());
        Assert.Equal(Samples.HandbookName, hit.GetProperty("document_key").GetString());
        Assert.Equal($"{hit.GetProperty("document_id").GetString()}:{hit.GetProperty("chunk_ordinal").GetInt32()}", hit.GetProperty("citation_id").GetString());
        Assert.Equal("handbook", hit.GetProperty("domain").GetString());
        Assert.Contains("<em>", hit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
        Assert.Contains("十五天带薪年假", hit.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("年假制度", hit.GetProperty("section_path").GetString(), StringComparison.Ordinal);
        Assert.True(hit.GetProperty("end_offset").GetInt32() > hit.GetProperty("start_offset").GetInt32());
        Assert.False(hit.TryGetProperty("explanation", out _));

        using var notes = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "机房温度" });
        var notesHit = (await ApiClient.ReadJsonAsync(notes)).GetProperty("hits")[0];
        Assert.Equal(Samples.NotesName, notesHit.GetProperty("document_key").GetString());
        Assert.Contains("<em>", notesHit.GetProperty("snippet").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_WithExplain_AttachesExplanation()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook))).Dispose();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "报销", explain = true, limit = 1 });

        var hits = (await ApiClient.ReadJsonAsync(response)).GetProperty("hits");
        Assert.Equal(1, hits.GetArrayLength());
        Assert.False(string.IsNullOrWhiteSpace(hits[0].GetProperty("explanation").GetString()));
    }

    [Fact]
    public async Task Search_WithDomains_SearchesOnlyThoseAndWarnsAboutUnknownOnes()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        (await ApiClient.UploadAsync(client, "ops", (Samples.NotesName, Samples.Notes))).Dispose();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "机房 年假", domains = new[] { "ops", "nowhere" } });

        var body = await ApiClient.ReadJsonAsync(response);
        Assert.NotEmpty(body.GetProperty("hits").EnumerateArray());
        Assert.All(body.GetProperty("hits").EnumerateArray(), hit => Assert.Equal("ops", hit.GetProperty("domain").GetString()));
        var warning = Assert.Single(body.GetProperty("warnings").EnumerateArray());
        Assert.Equal("nowhere", warning.GetProperty("domain").GetString());
        Assert.Equal("not_found", warning.GetProperty("code").GetString());
        Assert.False(Directory.Exists(Path.Combine(app.DataDirectory, "indexes", "nowhere")));
    }

    [Fact]
    public async Task Search_OnlyUnknownDomains_ReturnsNoHitsWithWarnings()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook))).Dispose();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "年假", domains = new[] { "nowhere" } });

        var body = await ApiClient.ReadJsonAsync(response);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(body.GetProperty("hits").EnumerateArray());
        Assert.Single(body.GetProperty("warnings").EnumerateArray());
    }

    [Theory]
    [InlineData("""{"query": ""}""")]
    [InlineData("""{"query": "   "}""")]
    [InlineData("""{}""")]
    public async Task Search_EmptyQuery_Returns400InvalidQuery(string json)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", json);

        await ApiClient.ReadProblemAsync(response, 400, "invalid_query");
    }

    [Fact]
    public async Task Search_QueryOf100KB_Returns413QueryTooLong()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query = new string('年', 100 * 1024) });

        var problem = await ApiClient.ReadProblemAsync(response, 413, "query_too_long");
        Assert.Contains("2,000", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_BodyOverJsonLimit_Returns413TooLargeNamingTheSetting()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query = new string('a', 2 * 1024 * 1024) });

        var problem = await ApiClient.ReadProblemAsync(response, 413, "too_large");
        Assert.Contains("Hunyu:Server:MaxJsonBodyBytes", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"query": "年假" """)]
    [InlineData("""{"query": 42}""")]
    [InlineData("""not json""")]
    [InlineData("""{"query": "年假", "limit": "ten"}""")]
    public async Task Search_MalformedJson_Returns400InvalidArgument(string json)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", json);

        var problem = await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
        Assert.Contains("JSON", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", problem.GetRawText(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_EmptyBody_Returns400InvalidArgument()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", string.Empty);

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
    }

    [Fact]
    public async Task Search_NonJsonContentType_Returns415Problem()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.PostAsync("/api/search", new StringContent("""{"query": "年假"}""", System.Text.Encoding.UTF8, "text/plain"), TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(response, 415, "unsupported_format");
    }

    [Theory]
    [InlineData("""{"query": "年假", "domains": ["../etc"]}""")]
    [InlineData("""{"query": "年假", "limit": 0}""")]
    [InlineData("""{"query": "年假", "limit": 100000}""")]
    public async Task Search_InvalidField_Returns400InvalidArgument(string json)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", json);

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
    }

    [Fact]
    public async Task Search_ResponseNames_AreSnakeCase()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook))).Dispose();

        using var response = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "年假" });

        var body = await ApiClient.ReadJsonAsync(response);
        string[] expected = ["hits", "total_hits", "domain_counts", "routing", "warnings", "elapsed_ms"];
        Assert.Equal(expected, body.EnumerateObject().Select(p => p.Name));
        string[] hitNames = ["rank", "score", "citation_id", "document_id", "document_key", "chunk_ordinal", "domain", "source_id", "title", "uri", "section_path", "page", "snippet", "text", "start_offset", "end_offset", "fields"];
        Assert.Equal(hitNames, body.GetProperty("hits")[0].EnumerateObject().Select(p => p.Name));
        Assert.Equal(JsonValueKind.Null, body.GetProperty("hits")[0].GetProperty("page").ValueKind);
    }
}
