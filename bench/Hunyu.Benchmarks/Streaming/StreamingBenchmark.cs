using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Hosting;
using Hunyu.Hosting.Configuration;
using Hunyu.Ingestion.Jobs;
using Hunyu.Server;
using Hunyu.Tests.Shared;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Streaming;

/// <summary>
/// <c>streaming</c>: through <c>POST /v1/chat/completions</c> with <c>stream: true</c> on a real Kestrel listener, the
/// time to the first content chunk vs the time to <c>[DONE]</c>, with an in-process upstream that streams a grounded
/// answer of several sentences in 6-character chunks at a fixed pace (one warm-up, then one measured run).
/// </summary>
internal static class StreamingBenchmark
{
    private const int Sentences = 8;
    private const int ChunkCharacters = 6;
    private static readonly TimeSpan ChunkPause = TimeSpan.FromMilliseconds(15);
    private const string Sentence = "员工入职满一年后每年享有十五天带薪年假[1]。";
    private const string Question = "员工每年有几天带薪年假？";

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        var work = Path.Combine(Path.GetTempPath(), "hunyu-bench-streaming", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path.Combine(work, "docs"));
        try
        {
            await File.WriteAllTextAsync(Path.Combine(work, "docs", "leave.md"), "# 年假制度\n\n员工入职满一年后，每年享有十五天带薪年假。年假须提前两周向直属主管申请。");
            await using var upstream = await StartUpstreamAsync();
            var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Hunyu:Models:local:Provider"] = "openai",
                ["Hunyu:Models:local:Endpoint"] = upstream.Urls.First().TrimEnd('/') + "/v1",
                ["Hunyu:Models:local:Model"] = "fake",
                ["Hunyu:Models:local:Location"] = "on_prem",
                ["Hunyu:Audit:Store"] = "off",
            }).Build();
            using var knowledge = KnowledgeBase.Open(Path.Combine(work, "data"), HunyuConfiguration.Options(settings));
            await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(work, "docs"), Domain = "handbook" });
            await using var app = HunyuServer.Build(knowledge, ["--Logging:LogLevel:Default=Warning"], "http://127.0.0.1:0");
            await app.StartAsync();
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            await MeasureAsync(client);
            var run = await MeasureAsync(client);
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  first delta {run.FirstDeltaMs:0.0} ms, full answer {run.FullMs:0.0} ms, ratio {run.Ratio:0.00}, {run.Chunks} content chunks"));
            var report = new Report(machine, run, Sentences, ChunkCharacters, ChunkPause.TotalMilliseconds);
            Write(options.OutputDirectory, "streaming", ToMarkdown(report), report);
            await app.StopAsync();
            return 0;
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            Directory.Delete(work, recursive: true);
        }
    }

    private static async Task<Run> MeasureAsync(HttpClient client)
    {
        var body = JsonSerializer.Serialize(new { model = "hunyu", stream = true, messages = new[] { new { role = "user", content = Question } } });
        var stopwatch = Stopwatch.StartNew();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/v1/chat/completions") { Content = new StringContent(body, Encoding.UTF8, "application/json") };
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        using var reader = new StreamReader(await response.Content.ReadAsStreamAsync());
        double? first = null;
        var chunks = 0;
        while (await reader.ReadLineAsync() is { } line)
        {
            if (line == "data: [DONE]")
            {
                break;
            }

            if (line.StartsWith("data: ", StringComparison.Ordinal) && JsonNode.Parse(line[6..])?["choices"]?[0]?["delta"]?["content"] is { } content && content.GetValue<string>().Length > 0)
            {
                chunks++;
                first ??= stopwatch.Elapsed.TotalMilliseconds;
            }
        }

        var full = stopwatch.Elapsed.TotalMilliseconds;
        return new Run(first ?? double.NaN, full, (first ?? double.NaN) / full, chunks);
    }

    /// <summary>An OpenAI-protocol upstream that streams <see cref="Sentences"/> cited sentences in small chunks at a fixed pace.</summary>
    private static async Task<WebApplication> StartUpstreamAsync()
    {
        var (app, _) = await LoopbackApp.StartAsync(routes => routes.MapPost("/v1/chat/completions", async (HttpContext context) =>
        {
            var text = string.Concat(Enumerable.Repeat(Sentence, Sentences));
            context.Response.ContentType = "text/event-stream";
            for (var i = 0; i < text.Length; i += ChunkCharacters)
            {
                var piece = text.Substring(i, Math.Min(ChunkCharacters, text.Length - i));
                var chunk = new JsonObject
                {
                    ["id"] = "chatcmpl-bench",
                    ["object"] = "chat.completion.chunk",
                    ["created"] = 1_700_000_000,
                    ["model"] = "fake",
                    ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject { ["content"] = piece }, ["finish_reason"] = null }),
                };
                await context.Response.WriteAsync("data: " + chunk.ToJsonString() + "\n\n", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(ChunkPause, context.RequestAborted);
            }

            var stop = new JsonObject
            {
                ["id"] = "chatcmpl-bench",
                ["object"] = "chat.completion.chunk",
                ["created"] = 1_700_000_000,
                ["model"] = "fake",
                ["choices"] = new JsonArray(new JsonObject { ["index"] = 0, ["delta"] = new JsonObject(), ["finish_reason"] = "stop" }),
            };
            await context.Response.WriteAsync("data: " + stop.ToJsonString() + "\n\ndata: [DONE]\n\n", context.RequestAborted);
        }));
        return app;
    }

    private static string ToMarkdown(Report report)
    {
        var md = new StringBuilder();
        md.AppendLine("# Streaming: time to first delta vs full answer").AppendLine();
        md.AppendLine(report.Machine.ToMarkdown()).AppendLine();
        md.AppendLine("`dotnet run -c Release --project bench/Hunyu.Benchmarks -- streaming`").AppendLine();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"`POST /v1/chat/completions` with `stream: true` on Kestrel (127.0.0.1) over a one-document knowledge base; the upstream model is an in-process OpenAI-protocol server streaming a grounded answer of {report.Sentences} cited sentences in {report.ChunkCharacters}-character chunks, {report.ChunkPauseMs:0} ms apart. Each sentence is checked against its passage as soon as the next one begins, then sent as one chunk. One warm-up request, then one measured run (a single run: the figure is a ratio, not a latency distribution)."));
        md.AppendLine();
        md.AppendLine("| time to first content chunk | time to `[DONE]` | ratio | content chunks |");
        md.AppendLine("| ---: | ---: | ---: | ---: |");
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"| {F(report.Run.FirstDeltaMs)} ms | {F(report.Run.FullMs)} ms | **{report.Run.Ratio:0.00}** | {report.Run.Chunks} |"));
        md.AppendLine();
        md.AppendLine("The first sentence reaches the client after about one sentence of upstream generation instead of the whole answer; the rest follows sentence by sentence, and the last chunk carries the citations.");
        return md.ToString();
    }

    private sealed record Run(double FirstDeltaMs, double FullMs, double Ratio, int Chunks);

    private sealed record Report(MachineInfo Machine, Run Run, int Sentences, int ChunkCharacters, double ChunkPauseMs);
}
