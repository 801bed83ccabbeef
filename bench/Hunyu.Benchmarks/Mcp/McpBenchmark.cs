using System.Diagnostics;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Hunyu.Benchmarks.EndToEnd;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Hosting;
using Hunyu.Ingestion.Jobs;
using Hunyu.Server;
using Hunyu.Server.Mcp;
using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Mcp;

/// <summary>
/// <c>mcp</c>: what a search costs through the MCP tool compared with <c>POST /api/search</c>, for the same query on the
/// same server (Kestrel on 127.0.0.1) in one run. Each query goes both ways back to back, the order alternating per
/// round, so noise and caches hit both alike; the figure is the median per-query ratio.
/// </summary>
internal static class McpBenchmark
{
    private const int Articles = 3_000;
    private const int MaxQueries = 300;
    private const int Limit = 10;

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        var work = Directory.CreateDirectory(Path.Combine(options.WorkDirectory, $"hunyu-bench-mcp-{Environment.ProcessId}"));
        try
        {
            var queries = CorpusFile.ReadQueries(Path.Combine(options.StardDirectory, "queries.jsonl")).Select(q => q.Text).Take(MaxQueries).ToList();
            var corpus = Path.Combine(work.FullName, "statutes.jsonl");
            await File.WriteAllLinesAsync(corpus, File.ReadLines(options.StatutesCorpus).Take(Articles));
            using var knowledge = KnowledgeBase.Open(Path.Combine(work.FullName, "data"));
            await knowledge.IngestAsync(new IngestionRequest { Path = corpus, Domain = "statutes" });

            var builder = WebApplication.CreateBuilder();
            builder.Logging.ClearProviders();
            await using var app = HunyuServer.Build(knowledge, builder, "http://127.0.0.1:0");
            await app.StartAsync();
            var address = new Uri(app.Urls.First());
            using var http = new HttpClient { BaseAddress = address };
            await using var mcp = await McpClient.CreateAsync(new HttpClientTransport(new HttpClientTransportOptions { Endpoint = new Uri(address, HunyuMcp.Path), TransportMode = HttpTransportMode.StreamableHttp }));

            var api = new List<double>();
            var tool = new List<double>();
            long apiBytes = 0, toolBytes = 0;
            for (var round = 0; round < options.Rounds + 1; round++)
            {
                foreach (var query in queries)
                {
                    var apiFirst = round % 2 == 0;
                    var (a, aBytes, aHits) = apiFirst ? await ApiAsync(http, query) : await ToolAsync(mcp, query);
                    var (b, bBytes, bHits) = apiFirst ? await ToolAsync(mcp, query) : await ApiAsync(http, query);
                    if (aHits != bHits)
                    {
                        throw new InvalidOperationException($"'{query}': {aHits} hits one way, {bHits} the other");
                    }

                    if (round > 0)
                    {
                        api.Add(apiFirst ? a : b);
                        tool.Add(apiFirst ? b : a);
                        apiBytes += apiFirst ? aBytes : bBytes;
                        toolBytes += apiFirst ? bBytes : aBytes;
                    }
                }
            }

            await app.StopAsync();
            var report = new
            {
                Machine = machine,
                Corpus = options.StatutesCorpusForReport,
                Articles,
                Queries = queries.Count,
                options.Rounds,
                Calls = api.Count,
                ApiP50Ms = Stats.Median(api),
                ApiP95Ms = Stats.Percentile(api, 95),
                McpP50Ms = Stats.Median(tool),
                McpP95Ms = Stats.Percentile(tool, 95),
                RatioP50 = Stats.Median(tool.Zip(api, (x, y) => x / y)),
                AddedP50Ms = Stats.Median(tool.Zip(api, (x, y) => x - y)),
                ApiMeanBytes = (double)apiBytes / api.Count,
                McpMeanBytes = (double)toolBytes / tool.Count,
            };
            var markdown = new StringBuilder()
                .AppendLine("# MCP `search` vs `POST /api/search`: per-call overhead")
                .AppendLine()
                .AppendLine(machine.ToMarkdown())
                .AppendLine()
                .AppendLine($"The first {Articles:N0} articles of `{report.Corpus}` in one domain; the first {queries.Count} stard-train questions, top {Limit}, local admin, one client thread. One server (`HunyuServer.Build`, Kestrel on 127.0.0.1, logging off); the API through one `HttpClient`, the tool through the official SDK client (`McpClient` over `HttpClientTransport`, Streamable HTTP, stateless server). Each question goes both ways back to back, the order alternating per round, {options.Rounds} rounds after a warm-up round: {report.Calls:N0} calls each way. Both are audited alike and must return the same number of hits.")
                .AppendLine()
                .AppendLine("| | p50 ms | p95 ms | mean response (UTF-8 bytes) |")
                .AppendLine("| --- | ---: | ---: | ---: |")
                .AppendLine($"| `POST /api/search` | {F(report.ApiP50Ms)} | {F(report.ApiP95Ms)} | {F(report.ApiMeanBytes)} |")
                .AppendLine($"| MCP `tools/call search` | {F(report.McpP50Ms)} | {F(report.McpP95Ms)} | {F(report.McpMeanBytes)} |")
                .AppendLine()
                .AppendLine($"Median per-question ratio MCP / API: **{F(report.RatioP50)}**; median added latency **{F(report.AddedP50Ms)} ms**.")
                .AppendLine()
                .AppendLine("The MCP answer carries the hits twice, as structured content (the API's JSON) and as a readable text block, and the SDK writes every non-ASCII character as a six-byte `\\uXXXX` escape where the API writes three UTF-8 bytes; its size is the tool result as the SDK serializes it, without the JSON-RPC and SSE framing around it. The API's is its response body.");
            Write(options.OutputDirectory, "mcp", markdown.ToString(), report);
            Console.WriteLine(markdown);
            return 0;
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            work.Delete(recursive: true);
        }
    }

    private static async Task<(double Ms, int Bytes, int Hits)> ApiAsync(HttpClient http, string query)
    {
        var stopwatch = Stopwatch.StartNew();
        using var response = await http.PostAsJsonAsync("/api/search", new { query, limit = Limit });
        var body = await response.EnsureSuccessStatusCode().Content.ReadAsStringAsync();
        using var json = JsonDocument.Parse(body);
        var hits = json.RootElement.GetProperty("hits").GetArrayLength();
        stopwatch.Stop();
        return (stopwatch.Elapsed.TotalMilliseconds, Encoding.UTF8.GetByteCount(body), hits);
    }

    private static async Task<(double Ms, int Bytes, int Hits)> ToolAsync(McpClient mcp, string query)
    {
        var stopwatch = Stopwatch.StartNew();
        var result = await mcp.CallToolAsync("search", new Dictionary<string, object?> { ["query"] = query, ["limit"] = Limit });
        var hits = result.IsError is true || result.StructuredContent is not JsonElement content
            ? throw new InvalidOperationException($"'{query}': {(result.Content.FirstOrDefault() as TextContentBlock)?.Text}")
            : content.GetProperty("hits").GetArrayLength();
        stopwatch.Stop();
        return (stopwatch.Elapsed.TotalMilliseconds, JsonSerializer.SerializeToUtf8Bytes(result, McpJsonUtilities.DefaultOptions).Length, hits);
    }
}
