using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Hunyu.Server.Tests;

/// <summary>Requests and JSON reading shared by the API tests.</summary>
internal static class ApiClient
{
    public static async Task<HttpResponseMessage> UploadAsync(HttpClient client, string? domain, params (string Name, byte[] Content)[] files)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (name, content) in files)
        {
            var part = new ByteArrayContent(content);
            part.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(part, "file", name);
        }

        if (domain is not null)
        {
            form.Add(new StringContent(domain), "domain");
        }

        return await client.PostAsync("/api/documents", form, TestContext.Current.CancellationToken);
    }

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, string json) =>
        client.PostAsync(path, new StringContent(json, Encoding.UTF8, "application/json"), TestContext.Current.CancellationToken);

    public static Task<HttpResponseMessage> PostJsonAsync(HttpClient client, string path, object body) =>
        PostJsonAsync(client, path, JsonSerializer.Serialize(body));

    public static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    /// <summary>Reads a problem response and checks the fields every problem carries.</summary>
    public static async Task<JsonElement> ReadProblemAsync(HttpResponseMessage response, int status, string code)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await ReadJsonAsync(response);
        Assert.Equal(status, problem.GetProperty("status").GetInt32());
        Assert.Equal(code, problem.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("title").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("detail").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(problem.GetProperty("traceId").GetString()));
        Assert.False(problem.TryGetProperty("trace_id", out _), "the trace id appears once, as traceId");
        return problem;
    }
}
