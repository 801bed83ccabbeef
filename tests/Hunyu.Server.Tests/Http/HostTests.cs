using System.Net;

namespace Hunyu.Server.Tests.Http;

public sealed class HostTests
{
    [Fact]
    public async Task HealthLive_Always_Returns200()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("healthy", (await ApiClient.ReadJsonAsync(response)).GetProperty("status").GetString());
    }

    [Fact]
    public async Task HealthReady_CatalogAnswers_Returns200()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var check = Assert.Single((await ApiClient.ReadJsonAsync(response)).GetProperty("checks").EnumerateArray());
        Assert.Equal("catalog", check.GetProperty("name").GetString());
        Assert.Equal("healthy", check.GetProperty("status").GetString());
    }

    [Fact]
    public async Task OpenApi_Document_DescribesTheApiInSnakeCase()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/openapi/v1.json", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var document = await ApiClient.ReadJsonAsync(response);
        var paths = document.GetProperty("paths");
        foreach (var path in new[] { "/api/search", "/api/ask", "/api/documents", "/api/documents/{id}", "/api/domains", "/api/runs" })
        {
            Assert.True(paths.TryGetProperty(path, out _), path);
        }

        var hit = document.GetProperty("components").GetProperty("schemas").GetProperty("HitResponse").GetProperty("properties");
        Assert.True(hit.TryGetProperty("citation_id", out _));
    }

    [Fact]
    public async Task ApiPage_IsServedWithACspThatLetsItsScriptsRun()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/scalar", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Root_RedirectsToTheApiPage()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient(new() { AllowAutoRedirect = false });

        using var response = await client.GetAsync("/", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/scalar", response.Headers.Location?.OriginalString);
    }

    [Theory]
    [InlineData("/api/domains")]
    [InlineData("/api/documents/missing")]
    [InlineData("/no/such/route")]
    public async Task Responses_Always_CarrySecurityHeaders(string path)
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync(path, TestContext.Current.CancellationToken);

        Assert.Equal("nosniff", Assert.Single(response.Headers.GetValues("X-Content-Type-Options")));
        Assert.Equal("DENY", Assert.Single(response.Headers.GetValues("X-Frame-Options")));
        Assert.Equal("no-referrer", Assert.Single(response.Headers.GetValues("Referrer-Policy")));
        Assert.StartsWith("default-src 'none'", Assert.Single(response.Headers.GetValues("Content-Security-Policy")), StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownRoute_Returns404ProblemWithCode()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/nothing-here", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await ApiClient.ReadJsonAsync(response);
        Assert.Equal("not_found", problem.GetProperty("code").GetString());
    }

    [Fact]
    public async Task WrongMethod_Returns405ProblemWithCode()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        using var response = await client.GetAsync("/api/search", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal("method_not_allowed", (await ApiClient.ReadJsonAsync(response)).GetProperty("code").GetString());
    }

    [Fact]
    public async Task Program_WithDataSetting_StoresInThatDirectory()
    {
        await using var app = new HunyuApp();
        using var client = app.CreateClient();

        (await ApiClient.UploadAsync(client, null, (Samples.NotesName, Samples.Notes))).Dispose();

        Assert.True(Directory.Exists(Path.Combine(app.DataDirectory, "indexes", "default")));
        Assert.True(File.Exists(Path.Combine(app.UploadsDirectory, "default", Samples.NotesName)));
    }
}
