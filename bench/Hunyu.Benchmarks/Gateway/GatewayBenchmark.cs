using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text;
using Hunyu.Benchmarks.Reporting;
using Hunyu.Models.Gateway;
using Microsoft.Extensions.AI;
using static Hunyu.Benchmarks.Reporting.ReportFiles;

namespace Hunyu.Benchmarks.Gateway;

/// <summary>
/// <c>gateway</c>: (1) the latency the gateway adds (routing, budget, scheduler slot, Polly pipeline, decision) over
/// calling the same in-process <see cref="IChatClient"/> directly, interleaved in one run; (2) scheduling under load:
/// one slow model limited to 2 concurrent calls, 500 batch requests queued at once and 50 questions arriving while
/// they drain: the questions' queue times, and whether every request was served.
/// </summary>
internal static class GatewayBenchmark
{
    private const int Blocks = 40;
    private const int CallsPerBlock = 500;
    private const int BatchRequests = 500;
    private const int InteractiveRequests = 50;
    private static readonly TimeSpan SlowCall = TimeSpan.FromMilliseconds(20);
    private static readonly TimeSpan InteractiveGap = TimeSpan.FromMilliseconds(60);

    public static async Task<int> RunAsync(BenchOptions options)
    {
        var machine = MachineInfo.Capture(options.RepoRoot);
        var overhead = await OverheadAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  overhead p50 {overhead.OverheadP50Us:0.0} µs, p99 {overhead.OverheadP99Us:0.0} µs"));
        var load = await LoadAsync();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  interactive queue p50 {load.InteractiveP50Ms:0.0} ms, p99 {load.InteractiveP99Ms:0.0} ms; served {load.Served}/{load.Requests}"));
        var report = new Report(machine, overhead, load);
        Write(options.OutputDirectory, "gateway", ToMarkdown(report), report);
        return 0;
    }

    private static async Task<Overhead> OverheadAsync()
    {
        var upstream = new InstantChatClient();
        var model = new RegisteredModel { Name = "upstream", Provider = ModelProviders.OpenAI, Location = ModelLocation.OnPrem, Client = upstream, MaxConcurrency = 64 };
        using var registry = new ModelRegistry([model]);
        var gateway = new ModelGateway(registry);
        ChatMessage[] messages = [new(ChatRole.User, "入职满一年有几天年假？")];
        var request = new ModelRequest { PromptTokens = 20, MaxOutputTokens = 100 };
        var direct = new List<double>();
        var routed = new List<double>();

        // Warm-up, then blocks interleaved (direct, gateway; gateway, direct; …) so load changes hit both alike.
        for (var i = 0; i < 2000; i++)
        {
            await upstream.GetResponseAsync(messages);
            await gateway.CompleteAsync(request, messages);
        }

        for (var block = 0; block < Blocks; block++)
        {
            for (var side = 0; side < 2; side++)
            {
                var viaGateway = (block + side) % 2 == 1;
                for (var i = 0; i < CallsPerBlock; i++)
                {
                    var start = Stopwatch.GetTimestamp();
                    if (viaGateway)
                    {
                        await gateway.CompleteAsync(request, messages);
                    }
                    else
                    {
                        await upstream.GetResponseAsync(messages);
                    }

                    (viaGateway ? routed : direct).Add(Stopwatch.GetElapsedTime(start).TotalMicroseconds);
                }
            }
        }

        return new Overhead(
            direct.Count,
            Stats.Median(direct),
            Stats.Percentile(direct, 99),
            Stats.Median(routed),
            Stats.Percentile(routed, 99),
            Stats.Median(routed) - Stats.Median(direct),
            Stats.Percentile(routed, 99) - Stats.Percentile(direct, 99));
    }

    private static async Task<Load> LoadAsync()
    {
        var model = new RegisteredModel { Name = "slow", Provider = ModelProviders.OpenAI, Location = ModelLocation.OnPrem, Client = new SlowChatClient(SlowCall), MaxConcurrency = 2, Timeout = TimeSpan.FromMinutes(5) };
        using var registry = new ModelRegistry([model]);
        var gateway = new ModelGateway(registry);
        var started = Stopwatch.StartNew();
        var batch = Enumerable.Range(0, BatchRequests)
            .Select(i => gateway.CompleteAsync(new ModelRequest { Priority = RequestPriority.Batch }, [new ChatMessage(ChatRole.User, $"batch {i}")]))
            .ToList();
        var interactive = new List<Task<GatewayResult>>();
        for (var i = 0; i < InteractiveRequests; i++)
        {
            await Task.Delay(InteractiveGap);
            interactive.Add(gateway.CompleteAsync(new ModelRequest { Priority = RequestPriority.Interactive }, [new ChatMessage(ChatRole.User, $"question {i}")]));
        }

        var interactiveDone = await Task.WhenAll(interactive);
        var interactiveSeconds = started.Elapsed.TotalSeconds;
        var batchDone = await Task.WhenAll(batch);
        var total = started.Elapsed.TotalSeconds;
        var iq = interactiveDone.Select(r => r.Decision.Attempts.Single().QueueTime.TotalMilliseconds).ToList();
        var bq = batchDone.Select(r => r.Decision.Attempts.Single().QueueTime.TotalMilliseconds).ToList();
        return new Load(
            BatchRequests + InteractiveRequests,
            interactiveDone.Concat(batchDone).Count(r => r.Response is not null),
            SlowCall.TotalMilliseconds,
            Stats.Median(iq),
            Stats.Percentile(iq, 99),
            iq.Max(),
            Stats.Median(bq),
            bq.Max(),
            interactiveSeconds,
            total);
    }

    private static string ToMarkdown(Report report)
    {
        var o = report.Overhead;
        var l = report.Load;
        var md = new StringBuilder();
        md.AppendLine("# Model gateway: overhead and scheduling under load").AppendLine();
        md.AppendLine(report.Machine.ToMarkdown()).AppendLine();
        md.AppendLine("`dotnet run -c Release --project bench/Hunyu.Benchmarks -- gateway`").AppendLine();
        md.AppendLine("## Overhead").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"The same in-process `IChatClient` (answers at once, with usage) called directly and through `ModelGateway.CompleteAsync` " +
            $"(routing, tenant budget, a scheduler slot, the Polly timeout and retry pipeline, token accounting, the decision and its log call), {Blocks} blocks of {CallsPerBlock} calls each, interleaved, one caller at a time.").AppendLine();
        md.AppendLine("| | p50 µs | p99 µs |").AppendLine("| --- | ---: | ---: |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| direct | {o.DirectP50Us:0.0} | {o.DirectP99Us:0.0} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| through the gateway | {o.GatewayP50Us:0.0} | {o.GatewayP99Us:0.0} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| **added** | **{o.OverheadP50Us:0.0}** | **{o.OverheadP99Us:0.0}** |").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Goal: < 1 ms added at p50: {(o.OverheadP50Us < 1000 ? "met" : "not met")}. The HTTP call to a real model (milliseconds to seconds) is not part of either side.").AppendLine();
        md.AppendLine("## Scheduling under load").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"One model whose calls take {l.SlowCallMs:0} ms, `MaxConcurrency` 2. {BatchRequests} batch requests are queued at once; then {InteractiveRequests} questions arrive one every {InteractiveGap.TotalMilliseconds:0} ms while the batch drains.").AppendLine();
        md.AppendLine("| | p50 ms | p99 ms | max ms |").AppendLine("| --- | ---: | ---: | ---: |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| questions' queue time | {l.InteractiveP50Ms:0.0} | {l.InteractiveP99Ms:0.0} | {l.InteractiveMaxMs:0.0} |");
        md.AppendLine(CultureInfo.InvariantCulture, $"| batch queue time | {l.BatchP50Ms:0} | | {l.BatchMaxMs:0} |").AppendLine();
        md.AppendLine(CultureInfo.InvariantCulture, $"Served {l.Served} of {l.Requests} requests (no starvation: every batch request finished too, {F(l.TotalSeconds)} s in all; the last question finished at {F(l.InteractiveSeconds)} s). " +
            $"A question waits at most for one running call to end (≤ {l.SlowCallMs:0} ms plus scheduling noise), however long the batch queue.");
        return md.ToString();
    }

    private sealed record Overhead(int Calls, double DirectP50Us, double DirectP99Us, double GatewayP50Us, double GatewayP99Us, double OverheadP50Us, double OverheadP99Us);

    private sealed record Load(int Requests, int Served, double SlowCallMs, double InteractiveP50Ms, double InteractiveP99Ms, double InteractiveMaxMs, double BatchP50Ms, double BatchMaxMs, double InteractiveSeconds, double TotalSeconds);

    private sealed record Report(MachineInfo Machine, Overhead Overhead, Load Load);

    /// <summary>Answers at once: the upstream whose cost both sides share.</summary>
    private sealed class InstantChatClient : IChatClient
    {
        private static readonly ChatResponse Response = new(new ChatMessage(ChatRole.Assistant, "入职满一年的员工每年享有 10 个工作日带薪年假。[1]"))
        {
            Usage = new UsageDetails { InputTokenCount = 20, OutputTokenCount = 30 },
        };

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) => Task.FromResult(Response);

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    /// <summary>Takes a fixed time per call.</summary>
    private sealed class SlowChatClient(TimeSpan delay) : IChatClient
    {
        public async Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            return new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok"));
        }

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            await Task.Delay(delay, cancellationToken);
            yield return new ChatResponseUpdate(ChatRole.Assistant, "ok");
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
