using System.Net;

namespace Hunyu.Server.Tests.Api;

public sealed class CatalogApiTests
{
    [Fact]
    public async Task ListDomains_AfterUpload_ListsTheUploadDomainAndSource()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook), (Samples.NotesName, Samples.Notes))).Dispose();

        using var response = await client.GetAsync("/api/domains", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var domain = Assert.Single((await ApiClient.ReadJsonAsync(response)).GetProperty("domains").EnumerateArray());
        Assert.Equal("handbook", domain.GetProperty("name").GetString());
        Assert.Equal("enterprise", domain.GetProperty("kind").GetString());
        Assert.Equal(1.0, domain.GetProperty("weight").GetDouble());
        Assert.Equal(2, domain.GetProperty("document_count").GetInt32());
        var source = Assert.Single(domain.GetProperty("sources").EnumerateArray());
        Assert.Equal("upload", source.GetProperty("kind").GetString());
        Assert.Equal(Path.Combine(app.UploadsDirectory, "handbook"), source.GetProperty("location").GetString());
        Assert.Equal(2, source.GetProperty("document_count").GetInt32());
    }

    [Fact]
    public async Task ListDomains_EmptyKnowledgeBase_ReturnsEmptyList()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/domains", TestContext.Current.CancellationToken);

        Assert.Empty((await ApiClient.ReadJsonAsync(response)).GetProperty("domains").EnumerateArray());
    }

    [Fact]
    public async Task ListRuns_AfterUploads_ReturnsNewestFirstWithCounts()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook))).Dispose();
        (await ApiClient.UploadAsync(client, null, ("坏.pdf", Samples.Junk()))).Dispose();

        using var response = await client.GetAsync("/api/runs?limit=5", TestContext.Current.CancellationToken);

        var runs = (await ApiClient.ReadJsonAsync(response)).GetProperty("runs");
        Assert.Equal(2, runs.GetArrayLength());
        Assert.True(runs[0].GetProperty("id").GetInt64() > runs[1].GetProperty("id").GetInt64());
        var failed = Assert.Single(runs[0].GetProperty("failed").EnumerateArray());
        Assert.Equal("corrupt_input", failed.GetProperty("code").GetString());
        Assert.Equal("坏.pdf", failed.GetProperty("input").GetString());
        Assert.Equal(1, runs[1].GetProperty("added").GetInt32());
        Assert.NotEqual(System.Text.Json.JsonValueKind.Null, runs[1].GetProperty("finished_at").ValueKind);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public async Task ListRuns_LimitOutOfRange_Returns400(int limit)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync($"/api/runs?limit={limit}", TestContext.Current.CancellationToken);

        await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
    }
}
