using System.Collections.Concurrent;
using System.Text.Json.Nodes;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Models.Tests.Rerank;

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 that speaks the Cohere/Jina <c>POST /v1/rerank</c> protocol: documents as
/// strings, <c>top_n</c>, results best first as <c>{"index", "relevance_score"}</c>. A document's score is the share of
/// the query's distinct characters it contains, so tests know the order.
/// </summary>
public sealed class FakeRerankServer : IAsyncDisposable
{
    private WebApplication _app = null!;

    private FakeRerankServer()
    {
    }

    /// <summary>The base URL to configure, ending in <c>/v1</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Answer every document even when <c>top_n</c> asks for fewer.</summary>
    public bool IgnoreTopN { get; set; }

    /// <summary>The property holding the list (<c>results</c> like Cohere and Jina, or <c>data</c>).</summary>
    public string ResultsProperty { get; set; } = "results";

    /// <summary>The property holding a score (<c>relevance_score</c>, or <c>score</c>).</summary>
    public string ScoreProperty { get; set; } = "relevance_score";

    /// <summary>When set, writes the whole answer instead of the protocol's.</summary>
    public Func<HttpContext, ReceivedRequest, Task>? Answer { get; set; }

    public static async Task<FakeRerankServer> StartAsync()
    {
        var server = new FakeRerankServer();
        var (app, address) = await LoopbackApp.StartAsync(routes => routes.MapPost("/v1/rerank", server.HandleAsync));
        server._app = app;
        server.Endpoint = address + "/v1";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    /// <summary>The score the server gives <paramref name="document"/> for <paramref name="query"/>.</summary>
    public static double ScoreOf(string query, string document)
    {
        var wanted = query.Where(c => !char.IsWhiteSpace(c)).Distinct().ToList();
        return Math.Round(wanted.Count(document.Contains) / (double)wanted.Count, 4);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            ?? throw new InvalidOperationException("body is not a JSON object");
        var request = new ReceivedRequest(
            body["model"]?.GetValue<string>() ?? string.Empty,
            body["query"]?.GetValue<string>() ?? string.Empty,
            body["documents"]?.AsArray().Select(d => d!.GetValue<string>()).ToList() ?? [],
            body["top_n"]?.GetValue<int>(),
            body["return_documents"]?.GetValue<bool>(),
            context.Request.Headers.Authorization.ToString());
        Requests.Enqueue(request);

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (Answer is { } answer)
        {
            await answer(context, request);
            return;
        }

        var ranked = request.Documents
            .Select((document, index) => (Index: index, Score: ScoreOf(request.Query, document)))
            .OrderByDescending(r => r.Score)
            .ThenBy(r => r.Index)
            .Take(request.TopN is { } n && !IgnoreTopN ? n : int.MaxValue);
        var results = new JsonArray();
        foreach (var (index, score) in ranked)
        {
            results.Add(new JsonObject { ["index"] = index, [ScoreProperty] = score });
        }

        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["id"] = Guid.NewGuid().ToString(),
            ["model"] = request.Model,
            [ResultsProperty] = results,
            ["usage"] = new JsonObject { ["total_tokens"] = request.Documents.Sum(d => d.Length) },
        });
    }

    /// <summary>What one request carried.</summary>
    public sealed record ReceivedRequest(string Model, string Query, IReadOnlyList<string> Documents, int? TopN, bool? ReturnDocuments, string Authorization);
}
