using System.Collections.Concurrent;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Search.Tests.WebSearch;

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 standing in for a web search engine: each test says how it answers,
/// and every request (method, path, query, headers, body) is recorded.
/// </summary>
public sealed class FakeSearchEngine : IAsyncDisposable
{
    private WebApplication _app = null!;

    private FakeSearchEngine()
    {
    }

    /// <summary>The server's root, e.g. <c>http://127.0.0.1:41234/</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>How to answer; the default is an empty SearXNG-style answer.</summary>
    public Func<HttpContext, Task> Answer { get; set; } = context => Json(context, """{"results":[]}""");

    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; set; }

    public static async Task<FakeSearchEngine> StartAsync()
    {
        var engine = new FakeSearchEngine();
        var (app, address) = await LoopbackApp.StartAsync(routes => routes.Run(engine.HandleAsync));
        engine._app = app;
        engine.BaseUrl = new Uri(address + "/");
        return engine;
    }

    /// <summary>Writes <paramref name="json"/> with status <paramref name="status"/>.</summary>
    public static async Task Json(HttpContext context, string json, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        await context.Response.WriteAsync(json);
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        using var reader = new StreamReader(context.Request.Body);
        var body = await reader.ReadToEndAsync(context.RequestAborted);
        Requests.Enqueue(new ReceivedRequest(
            context.Request.Method,
            context.Request.Path.Value ?? string.Empty,
            context.Request.Query.ToDictionary(pair => pair.Key, pair => pair.Value.ToString()),
            context.Request.Headers.ToDictionary(pair => pair.Key, pair => pair.Value.ToString(), StringComparer.OrdinalIgnoreCase),
            context.Request.ContentType,
            body));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        await Answer(context);
    }

    /// <summary>What one request carried; the query is decoded.</summary>
    public sealed record ReceivedRequest(
        string Method,
        string Path,
        IReadOnlyDictionary<string, string> Query,
        IReadOnlyDictionary<string, string> Headers,
        string? ContentType,
        string Body);
}
