using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json.Nodes;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Models.Tests.Embeddings;

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 that speaks OpenAI's <c>POST /v1/embeddings</c>: string or array
/// input, <c>dimensions</c>, <c>encoding_format</c> float or base64, usage, and OpenAI-shaped error bodies.
/// Vector component 0 is the input's length in characters and the rest is a hash of it, so tests can check order.
/// </summary>
public sealed class FakeEmbeddingsServer : IAsyncDisposable
{
    public const int DefaultDimensions = 8;
    private WebApplication _app = null!;

    private FakeEmbeddingsServer()
    {
    }

    /// <summary>The base URL to configure, ending in <c>/v1</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Every request received, in order.</summary>
    public ConcurrentQueue<ReceivedRequest> Requests { get; } = new();

    /// <summary>How long to wait before answering.</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>When set, every request is answered with this status and an OpenAI error body.</summary>
    public (int Status, string Message, string Type)? Failure { get; set; }

    /// <summary>Answer float arrays even when base64 is asked for, like servers that ignore <c>encoding_format</c>.</summary>
    public bool IgnoreEncodingFormat { get; set; }

    public static async Task<FakeEmbeddingsServer> StartAsync()
    {
        var server = new FakeEmbeddingsServer();
        var (app, address) = await LoopbackApp.StartAsync(routes => routes.MapPost("/v1/embeddings", server.HandleAsync));
        server._app = app;
        server.Endpoint = address + "/v1";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            ?? throw new InvalidOperationException("body is not a JSON object");
        var inputs = body["input"] switch
        {
            JsonArray array => array.Select(item => item!.GetValue<string>()).ToList(),
            JsonValue single => [single.GetValue<string>()],
            _ => [],
        };
        var request = new ReceivedRequest(
            body["model"]?.GetValue<string>() ?? string.Empty,
            inputs,
            body["dimensions"]?.GetValue<int>(),
            body["encoding_format"]?.GetValue<string>(),
            context.Request.Headers.Authorization.ToString());
        Requests.Enqueue(request);

        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (Failure is { } failure)
        {
            context.Response.StatusCode = failure.Status;
            await context.Response.WriteAsJsonAsync(new JsonObject
            {
                ["error"] = new JsonObject { ["message"] = failure.Message, ["type"] = failure.Type, ["param"] = null, ["code"] = null },
            });
            return;
        }

        var dims = request.Dimensions ?? DefaultDimensions;
        var base64 = request.EncodingFormat == "base64" && !IgnoreEncodingFormat;
        var data = new JsonArray();
        for (var i = 0; i < inputs.Count; i++)
        {
            var vector = VectorFor(inputs[i], dims);
            JsonNode embedding = base64
                ? JsonValue.Create(Convert.ToBase64String(MemoryMarshal.AsBytes(vector.AsSpan())))
                : new JsonArray(vector.Select(v => (JsonNode)JsonValue.Create(v)).ToArray());
            data.Add(new JsonObject { ["object"] = "embedding", ["index"] = i, ["embedding"] = embedding });
        }

        var tokens = inputs.Sum(text => text.Length);
        await context.Response.WriteAsJsonAsync(new JsonObject
        {
            ["object"] = "list",
            ["data"] = data,
            ["model"] = request.Model,
            ["usage"] = new JsonObject { ["prompt_tokens"] = tokens, ["total_tokens"] = tokens },
        });
    }

    /// <summary>The vector the server returns for <paramref name="text"/>.</summary>
    public static float[] VectorFor(string text, int dims)
    {
        var vector = new float[dims];
        vector[0] = text.Length;
        var seed = text.Aggregate(17, (hash, c) => unchecked((hash * 31) + c));
        var random = new Random(seed);
        for (var i = 1; i < dims; i++)
        {
            vector[i] = (float)Math.Round(random.NextDouble(), 4);
        }

        return vector;
    }

    /// <summary>What one request carried.</summary>
    public sealed record ReceivedRequest(string Model, IReadOnlyList<string> Inputs, int? Dimensions, string? EncodingFormat, string Authorization)
    {
        public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Model} x{Inputs.Count}");
    }
}
