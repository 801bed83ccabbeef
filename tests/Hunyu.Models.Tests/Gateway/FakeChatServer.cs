using System.Collections.Concurrent;
using System.Text;
using System.Text.Json.Nodes;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Models.Tests.Gateway;

/// <summary>
/// An in-process Kestrel server on 127.0.0.1 that speaks OpenAI's <c>POST /v1/chat/completions</c>, JSON and SSE
/// (<c>stream: true</c>, with <c>stream_options.include_usage</c>), with OpenAI-shaped error bodies. It can be slow,
/// fail, rate-limit (429 with <c>Retry-After</c>), hold requests until released, and answer whatever
/// <see cref="Reply"/> says (e.g. bad citations).
/// </summary>
public sealed class FakeChatServer : IAsyncDisposable
{
    private WebApplication _app = null!;
    private int _inFlight;
    private int _maxInFlight;
    private int _failuresLeft = int.MaxValue;
    private int _aborted;

    private FakeChatServer()
    {
    }

    /// <summary>The base URL to configure, ending in <c>/v1</c>.</summary>
    public string Endpoint { get; private set; } = string.Empty;

    /// <summary>Every request received, in arrival order.</summary>
    public ConcurrentQueue<ReceivedChat> Requests { get; } = new();

    /// <summary>Requests whose client went away (cancelled or timed out) before the answer was complete.</summary>
    public int Aborted => Volatile.Read(ref _aborted);

    /// <summary>The answer text for a request; the default echoes a fixed sentence.</summary>
    public Func<ReceivedChat, string> Reply { get; set; } = _ => "Hello from the fake model.";

    /// <summary>How long to wait before answering (before the first chunk when streaming).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Pause between streamed chunks.</summary>
    public TimeSpan ChunkDelay { get; set; }

    /// <summary>When set, requests wait for it to complete before answering.</summary>
    public TaskCompletionSource? Gate { get; set; }

    /// <summary>When set, requests are answered with this status and an OpenAI error body.</summary>
    public int? FailureStatus { get; set; }

    /// <summary>Only the first this many requests fail with <see cref="FailureStatus"/>; unset, all do.</summary>
    public int? FailFirst
    {
        get => _failuresLeft;
        set => _failuresLeft = value ?? int.MaxValue;
    }

    /// <summary>The <c>Retry-After</c> header sent with failures.</summary>
    public string? RetryAfter { get; set; }

    /// <summary>Most requests in flight at once.</summary>
    public int MaxInFlight => Volatile.Read(ref _maxInFlight);

    /// <summary>When streaming, fail (abort the connection) after this many chunks.</summary>
    public int? BreakStreamAfterChunks { get; set; }

    public static async Task<FakeChatServer> StartAsync()
    {
        var server = new FakeChatServer();
        var (app, address) = await LoopbackApp.StartAsync(routes => routes.MapPost("/v1/chat/completions", server.HandleAsync));
        server._app = app;
        server.Endpoint = address + "/v1";
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        Gate?.TrySetResult();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private async Task HandleAsync(HttpContext context)
    {
        var body = await JsonNode.ParseAsync(context.Request.Body, cancellationToken: context.RequestAborted) as JsonObject
            ?? throw new InvalidOperationException("body is not a JSON object");
        var messages = (body["messages"] as JsonArray ?? [])
            .Select(m => new ChatTurn(m!["role"]!.GetValue<string>(), ContentOf(m["content"])))
            .ToList();
        var request = new ReceivedChat(
            body["model"]?.GetValue<string>() ?? string.Empty,
            messages,
            body["stream"]?.GetValue<bool>() ?? false,
            context.Request.Headers.Authorization.ToString());
        Requests.Enqueue(request);
        var now = Interlocked.Increment(ref _inFlight);
        InterlockedMax(ref _maxInFlight, now);
        try
        {
            if (Gate is { } gate)
            {
                await gate.Task.WaitAsync(context.RequestAborted);
            }

            if (Delay > TimeSpan.Zero)
            {
                await Task.Delay(Delay, context.RequestAborted);
            }

            if (FailureStatus is { } status && Interlocked.Decrement(ref _failuresLeft) >= 0)
            {
                context.Response.StatusCode = status;
                if (RetryAfter is { } retryAfter)
                {
                    context.Response.Headers.RetryAfter = retryAfter;
                }

                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["error"] = new JsonObject { ["message"] = $"fake failure {status}", ["type"] = status == 429 ? "rate_limit_exceeded" : "server_error", ["param"] = null, ["code"] = null },
                });
                return;
            }

            var text = Reply(request);
            if (request.Stream)
            {
                await StreamAsync(context, request, text);
            }
            else
            {
                await context.Response.WriteAsJsonAsync(new JsonObject
                {
                    ["id"] = "chatcmpl-fake",
                    ["object"] = "chat.completion",
                    ["created"] = 1_700_000_000,
                    ["model"] = request.Model,
                    ["choices"] = new JsonArray(new JsonObject
                    {
                        ["index"] = 0,
                        ["message"] = new JsonObject { ["role"] = "assistant", ["content"] = text },
                        ["finish_reason"] = "stop",
                    }),
                    ["usage"] = Usage(request, text),
                });
            }
        }
        catch (OperationCanceledException) when (context.RequestAborted.IsCancellationRequested)
        {
            Interlocked.Increment(ref _aborted);
        }
        finally
        {
            Interlocked.Decrement(ref _inFlight);
        }
    }

    private async Task StreamAsync(HttpContext context, ReceivedChat request, string text)
    {
        context.Response.ContentType = "text/event-stream";
        var chunks = Chunks(text).ToList();
        for (var i = 0; i < chunks.Count; i++)
        {
            if (BreakStreamAfterChunks is { } limit && i == limit)
            {
                // Let the client read what was sent before the reset discards it.
                await Task.Delay(200, context.RequestAborted);
                context.Abort();
                return;
            }

            var delta = new JsonObject { ["content"] = chunks[i] };
            if (i == 0)
            {
                delta["role"] = "assistant";
            }

            await WriteEventAsync(context, Chunk(request, delta, null, null));
            if (ChunkDelay > TimeSpan.Zero)
            {
                await Task.Delay(ChunkDelay, context.RequestAborted);
            }
        }

        await WriteEventAsync(context, Chunk(request, new JsonObject(), "stop", null));
        await WriteEventAsync(context, Chunk(request, null, null, Usage(request, text)));
        await context.Response.WriteAsync("data: [DONE]\n\n", context.RequestAborted);
    }

    private static JsonObject Chunk(ReceivedChat request, JsonObject? delta, string? finish, JsonObject? usage)
    {
        var chunk = new JsonObject
        {
            ["id"] = "chatcmpl-fake",
            ["object"] = "chat.completion.chunk",
            ["created"] = 1_700_000_000,
            ["model"] = request.Model,
            ["choices"] = delta is null ? new JsonArray() : new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = delta, ["finish_reason"] = finish }),
        };
        if (usage is not null)
        {
            chunk["usage"] = usage;
        }

        return chunk;
    }

    private static async Task WriteEventAsync(HttpContext context, JsonObject payload)
    {
        await context.Response.WriteAsync("data: " + payload.ToJsonString() + "\n\n", context.RequestAborted);
        await context.Response.Body.FlushAsync(context.RequestAborted);
    }

    /// <summary>Pieces of about 6 characters, so sentences arrive split mid-word and mid-marker.</summary>
    private static IEnumerable<string> Chunks(string text)
    {
        for (var i = 0; i < text.Length; i += 6)
        {
            yield return text.Substring(i, Math.Min(6, text.Length - i));
        }
    }

    private static JsonObject Usage(ReceivedChat request, string text)
    {
        var prompt = request.Messages.Sum(m => m.Content.Length);
        return new JsonObject { ["prompt_tokens"] = prompt, ["completion_tokens"] = text.Length, ["total_tokens"] = prompt + text.Length };
    }

    private static string ContentOf(JsonNode? content) => content switch
    {
        JsonValue value => value.GetValue<string>(),
        JsonArray parts => string.Concat(parts.Select(p => p?["text"]?.GetValue<string>() ?? string.Empty)),
        _ => string.Empty,
    };

    private static void InterlockedMax(ref int target, int value)
    {
        int current;
        while ((current = Volatile.Read(ref target)) < value && Interlocked.CompareExchange(ref target, value, current) != current)
        {
        }
    }

    /// <summary>One message of a received conversation.</summary>
    public sealed record ChatTurn(string Role, string Content);

    /// <summary>What one request carried.</summary>
    public sealed record ReceivedChat(string Model, IReadOnlyList<ChatTurn> Messages, bool Stream, string Authorization)
    {
        /// <summary>The last user message.</summary>
        public string LastUser => Messages.LastOrDefault(m => m.Role == "user")?.Content ?? string.Empty;

        /// <summary>Everything sent, for assertions on what the model saw.</summary>
        public string AllText => string.Join("\n", Messages.Select(m => m.Content));

        public override string ToString() => new StringBuilder(Model).Append(Stream ? " (stream)" : string.Empty).ToString();
    }
}
