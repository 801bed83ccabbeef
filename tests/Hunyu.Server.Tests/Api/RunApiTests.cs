using System.Net;

namespace Hunyu.Server.Tests.Api;

/// <summary><c>GET /api/runs/{id}</c>: one ingestion run with its governance report.</summary>
public sealed class RunApiTests
{
    [Fact]
    public async Task GetRun_AfterUploads_ReturnsTheRunAndItsGovernanceReport_WithAHandedOverCopyKept()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();
        (await ApiClient.UploadAsync(client, "handbook", (Samples.HandbookName, Samples.Handbook))).Dispose();
        using var copy = await ApiClient.UploadAsync(client, "handbook", ("副本.md", Samples.Handbook));
        Assert.Equal(HttpStatusCode.Created, copy.StatusCode);
        var runId = (await ApiClient.ReadJsonAsync(copy)).GetProperty("files")[0].GetProperty("run_id").GetInt64();

        using var response = await client.GetAsync($"/api/runs/{runId}", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await ApiClient.ReadJsonAsync(response);
        var run = body.GetProperty("run");
        Assert.Equal(runId, run.GetProperty("id").GetInt64());
        Assert.Equal(1, run.GetProperty("added").GetInt32());
        var governance = body.GetProperty("governance");
        Assert.Equal(1, governance.GetProperty("documents").GetInt32());
        Assert.Equal(1, governance.GetProperty("kept").GetInt32());
        var duplicate = governance.GetProperty("duplicates").EnumerateArray().Single(d => d.GetProperty("level").GetString() == "document");
        Assert.Equal("exact", duplicate.GetProperty("kind").GetString());
        Assert.True(duplicate.GetProperty("kept").GetBoolean());
        Assert.Equal("副本.md", duplicate.GetProperty("key").GetString());
        Assert.False(string.IsNullOrEmpty(duplicate.GetProperty("duplicate_of").GetString()));
        Assert.True(governance.GetProperty("steps").TryGetProperty("dedup", out _));
    }

    [Fact]
    public async Task GetRun_UnknownRun_Returns404Problem()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/runs/4242", TestContext.Current.CancellationToken);

        var problem = await ApiClient.ReadProblemAsync(response, 404, "not_found");
        Assert.Contains("4242", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task GetRun_NotANumber_Returns404Problem()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/runs/latest", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheRunEndpoint()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        var document = await ApiClient.ReadJsonAsync(response);
        Assert.True(document.GetProperty("paths").TryGetProperty("/api/runs/{id}", out _));
    }
}
