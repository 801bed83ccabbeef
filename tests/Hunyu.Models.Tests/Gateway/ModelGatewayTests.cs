using System.Diagnostics.Metrics;
using Hunyu.Models.Gateway;
using Hunyu.Tests.Shared;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Tests.Gateway;

public sealed class ModelGatewayTests
{
    private static readonly ChatMessage[] Question = [new(ChatRole.User, "hello")];

    [Fact]
    public async Task CompleteAsync_SensitiveEvidence_OnPremModelAnswersAndCloudGetsNothing()
    {
        await using var cloud = await FakeChatServer.StartAsync();
        await using var local = await FakeChatServer.StartAsync();
        local.Reply = _ => "local answer";
        using var registry = TestModels.Registry(("cloud", TestModels.Options(cloud, "cloud", specialities: ["legal"])), ("local", TestModels.Options(local, "on_prem")));
        var gateway = new ModelGateway(registry);

        var result = await gateway.CompleteAsync(new ModelRequest { Sensitive = true, PreferredModel = "cloud", Speciality = "legal" }, Question);

        Assert.Equal("local answer", result.Response!.Text);
        Assert.Equal("local", result.Decision.Model);
        Assert.Empty(cloud.Requests);
        Assert.Contains(result.Decision.Reasons, r => r.StartsWith("cloud (cloud): excluded: the evidence is sensitive", StringComparison.Ordinal));
        Assert.Equal("answered by local", result.Decision.Reasons[^1]);
    }

    [Fact]
    public async Task CompleteAsync_FirstModelAnswers500_FallsBackAndRecordsBothAttempts()
    {
        await using var broken = await FakeChatServer.StartAsync();
        await using var backup = await FakeChatServer.StartAsync();
        broken.FailureStatus = 500;
        backup.Reply = _ => "backup answer";
        using var registry = TestModels.Registry(("broken", TestModels.Options(broken, "on_prem")), ("backup", TestModels.Options(backup, "on_prem", cost: 1)));
        var gateway = new ModelGateway(registry);

        var result = await gateway.CompleteAsync(new ModelRequest(), Question);

        Assert.Equal("backup answer", result.Response!.Text);
        Assert.Collection(
            result.Decision.Attempts,
            a =>
            {
                Assert.Equal(("broken", AttemptOutcome.Failed), (a.Model, a.Outcome));
                Assert.Contains($"broken ({broken.Endpoint}): HTTP 500: fake failure 500", a.Detail, StringComparison.Ordinal);
            },
            a => Assert.Equal(("backup", AttemptOutcome.Succeeded), (a.Model, a.Outcome)));
        Assert.Single(broken.Requests);
    }

    [Fact]
    public async Task CompleteAsync_RateLimitedWithShortRetryAfter_RetriesTheSameModel()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.FailureStatus = 429;
        server.FailFirst = 1;
        server.RetryAfter = "0";
        server.Reply = _ => "after the wait";
        using var registry = TestModels.Registry(("m", TestModels.Options(server, "on_prem")));
        var gateway = new ModelGateway(registry);

        var result = await gateway.CompleteAsync(new ModelRequest(), Question);

        Assert.Equal("after the wait", result.Response!.Text);
        Assert.Equal([AttemptOutcome.RateLimited, AttemptOutcome.Succeeded], result.Decision.Attempts.Select(a => a.Outcome));
        Assert.Contains("HTTP 429 rate limited", result.Decision.Attempts[0].Detail, StringComparison.Ordinal);
        Assert.Equal(2, server.Requests.Count);
    }

    [Fact]
    public async Task CompleteAsync_RateLimitedWithLongRetryAfter_FallsBackWithoutWaiting()
    {
        await using var limited = await FakeChatServer.StartAsync();
        await using var backup = await FakeChatServer.StartAsync();
        limited.FailureStatus = 429;
        limited.RetryAfter = "60";
        using var registry = TestModels.Registry(("limited", TestModels.Options(limited, "on_prem")), ("backup", TestModels.Options(backup, "on_prem", cost: 1)));
        var gateway = new ModelGateway(registry);
        var started = DateTime.UtcNow;

        var result = await gateway.CompleteAsync(new ModelRequest(), Question);

        Assert.Equal("backup", result.Decision.Model);
        Assert.Equal(AttemptOutcome.RateLimited, result.Decision.Attempts[0].Outcome);
        Assert.Contains("retry after 60 s", result.Decision.Attempts[0].Detail, StringComparison.Ordinal);
        Assert.Single(limited.Requests);
        Assert.True(DateTime.UtcNow - started < TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task CompleteAsync_SlowModel_TimesOutCancelsItsRequestAndFallsBack()
    {
        await using var slow = await FakeChatServer.StartAsync();
        await using var fast = await FakeChatServer.StartAsync();
        slow.Delay = TimeSpan.FromSeconds(30);
        using var registry = TestModels.Registry(("slow", TestModels.Options(slow, "on_prem", timeoutSeconds: 2)), ("fast", TestModels.Options(fast, "on_prem", cost: 1)));
        var gateway = new ModelGateway(registry);

        var result = await gateway.CompleteAsync(new ModelRequest(), Question);

        Assert.Equal("fast", result.Decision.Model);
        var timedOut = result.Decision.Attempts[0];
        Assert.Equal(AttemptOutcome.TimedOut, timedOut.Outcome);
        Assert.Contains("no answer within 00:00:02 (Hunyu:Models:slow:Timeout)", timedOut.Detail, StringComparison.Ordinal);
        await Poll.UntilAsync(() => slow.Aborted == 1);
    }

    [Fact]
    public async Task CompleteAsync_CallerCancels_StopsWithoutFallbackAndAbortsTheProviderRequest()
    {
        await using var slow = await FakeChatServer.StartAsync();
        await using var other = await FakeChatServer.StartAsync();
        slow.Delay = TimeSpan.FromSeconds(30);
        using var registry = TestModels.Registry(("slow", TestModels.Options(slow, "on_prem")), ("other", TestModels.Options(other, "on_prem", cost: 1)));
        var gateway = new ModelGateway(registry);
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => gateway.CompleteAsync(new ModelRequest(), Question, cancellationToken: cancel.Token));

        await Poll.UntilAsync(() => slow.Aborted == 1);
        Assert.Empty(other.Requests);
    }

    [Fact]
    public async Task CompleteAsync_EveryModelFails_NoResponseAndEveryReason()
    {
        await using var a = await FakeChatServer.StartAsync();
        await using var b = await FakeChatServer.StartAsync();
        a.FailureStatus = 503;
        b.FailureStatus = 401;
        using var registry = TestModels.Registry(("a", TestModels.Options(a, "on_prem")), ("b", TestModels.Options(b, "edge", cost: 1)));
        var gateway = new ModelGateway(registry);

        var result = await gateway.CompleteAsync(new ModelRequest(), Question);

        Assert.Null(result.Response);
        Assert.Null(result.Decision.Model);
        Assert.Equal("no model answered", result.Decision.Reasons[^1]);
        Assert.Contains("HTTP 401 (check the API key variable)", result.Decision.Attempts[1].Detail, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteAsync_TenantOverBudget_NoModelIsCalled()
    {
        await using var server = await FakeChatServer.StartAsync();
        using var registry = TestModels.Registry(("m", TestModels.Options(server, "on_prem")));
        var budget = new TenantTokenBudget(new Dictionary<string, long> { ["acme"] = 1000 });
        var gateway = new ModelGateway(registry, budget: budget);

        var first = await gateway.CompleteAsync(new ModelRequest { Tenant = "acme", PromptTokens = 100, MaxOutputTokens = 100 }, Question);
        var spent = 1000 - budget.Remaining("acme")!.Value;
        var second = await gateway.CompleteAsync(new ModelRequest { Tenant = "acme", PromptTokens = 900, MaxOutputTokens = 100 }, Question);

        Assert.Equal("m", first.Decision.Model);
        Assert.InRange(spent, 1, 200);
        Assert.Null(second.Response);
        Assert.Contains(second.Decision.Reasons, r => r.StartsWith("tenant 'acme' has", StringComparison.Ordinal));
        Assert.Single(server.Requests);
    }

    [Fact]
    public async Task CompleteAsync_BatchFloodThenQuestions_QuestionsAreServedBeforeQueuedBatch()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registry = TestModels.Registry(("slow", TestModels.Options(server, "on_prem", concurrency: 2)));
        var scheduler = new ModelScheduler();
        var gateway = new ModelGateway(registry, scheduler);

        var batch = Enumerable.Range(0, 20).Select(i => Ask($"batch-{i}", RequestPriority.Batch)).ToList();
        await Poll.UntilAsync(() => scheduler.QueueLength("slow") == 18);
        var interactive = Enumerable.Range(0, 5).Select(i => Ask($"interactive-{i}", RequestPriority.Interactive)).ToList();
        await Poll.UntilAsync(() => scheduler.QueueLength("slow") == 23 && server.Requests.Count == 2);
        server.Gate.SetResult();
        await Task.WhenAll(batch.Concat(interactive));

        // Slots are granted in priority order: every question waited less than every batch request queued before it.
        // The first two batch requests took the free slots at once; the other 18 queued.
        var batchQueued = batch.Select(t => t.Result.Decision.Attempts.Single().QueueTime).Order().Skip(2).ToList();
        var interactiveQueued = interactive.Select(t => t.Result.Decision.Attempts.Single().QueueTime).ToList();
        Assert.True(batchQueued.Min() > TimeSpan.FromMilliseconds(1));
        Assert.True(interactiveQueued.Max() < batchQueued.Min(), $"interactive waited up to {interactiveQueued.Max()}, batch from {batchQueued.Min()}");
        Assert.All(batch.Concat(interactive), t => Assert.Equal("slow", t.Result.Decision.Model));
        Assert.Equal(2, server.MaxInFlight);

        Task<GatewayResult> Ask(string name, RequestPriority priority) =>
            gateway.CompleteAsync(new ModelRequest { Priority = priority }, [new ChatMessage(ChatRole.User, name)]);
    }

    [Fact]
    public async Task CompleteAsync_DeadlinePassesInTheQueue_FailsFastWithQueueTimeoutAndNoFurtherModel()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Gate = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        using var registry = TestModels.Registry(("one", TestModels.Options(server, "on_prem", concurrency: 1)));
        var scheduler = new ModelScheduler();
        var gateway = new ModelGateway(registry, scheduler);
        var busy = gateway.CompleteAsync(new ModelRequest(), Question);
        await Poll.UntilAsync(() => server.Requests.Count == 1);

        var result = await gateway.CompleteAsync(new ModelRequest { Deadline = DateTimeOffset.UtcNow.AddMilliseconds(200) }, Question);

        Assert.Null(result.Response);
        var attempt = Assert.Single(result.Decision.Attempts);
        Assert.Equal(AttemptOutcome.QueueTimeout, attempt.Outcome);
        Assert.Contains("the request's deadline passed", attempt.Detail, StringComparison.Ordinal);
        Assert.Single(server.Requests);
        server.Gate.SetResult();
        Assert.Equal("one", (await busy).Decision.Model);
    }

    [Fact]
    public async Task CompleteAsync_RecordsQueueTimeTokenMetricsAndTheUpstreamsUsage()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "twelve chars";
        using var registry = TestModels.Registry(("m", TestModels.Options(server, "on_prem")));
        using var metrics = new GatewayMetrics();
        var measurements = new List<(string Instrument, double Value, string? Tag)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (ReferenceEquals(instrument.Meter, metrics.QueueTime.Meter))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument.Name, value, tags));
        listener.Start();
        var gateway = new ModelGateway(registry, metrics: metrics);

        var result = await gateway.CompleteAsync(new ModelRequest(), Question);

        // The upstream's own usage (the fake counts characters: "hello" and "twelve chars").
        Assert.Equal(new TokenUsage(5, 12), result.Decision.Usage);
        lock (measurements)
        {
            Assert.Contains(measurements, m => m.Instrument == "hunyu.model.queue_time" && m.Tag == "m");
            Assert.Contains(measurements, m => m.Instrument == "hunyu.model.tokens" && m.Value == 12);
            Assert.Contains(measurements, m => m.Instrument == "hunyu.model.call_duration");
        }

        void Record(string name, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            string? model = null;
            foreach (var tag in tags)
            {
                if (tag.Key == "model")
                {
                    model = tag.Value as string;
                }
            }

            lock (measurements)
            {
                measurements.Add((name, value, model));
            }
        }
    }

    [Fact]
    public async Task StreamAsync_FirstModelFailsBeforeText_NextModelStreamsAndTheLastUpdateHasTheDecision()
    {
        await using var broken = await FakeChatServer.StartAsync();
        await using var good = await FakeChatServer.StartAsync();
        broken.FailureStatus = 500;
        good.Reply = _ => "a streamed answer in several chunks";
        using var registry = TestModels.Registry(("broken", TestModels.Options(broken, "on_prem")), ("good", TestModels.Options(good, "on_prem", cost: 1)));
        var gateway = new ModelGateway(registry);

        var updates = new List<GatewayUpdate>();
        await foreach (var update in gateway.StreamAsync(new ModelRequest(), Question))
        {
            updates.Add(update);
        }

        Assert.True(updates.Count > 3);
        Assert.Equal("a streamed answer in several chunks", string.Concat(updates.Select(u => u.Text)));
        var decision = updates[^1].Decision!;
        Assert.Equal("good", decision.Model);
        Assert.Equal([AttemptOutcome.Failed, AttemptOutcome.Succeeded], decision.Attempts.Select(a => a.Outcome));
        Assert.All(updates.SkipLast(1), u => Assert.Null(u.Decision));
        Assert.Equal(new TokenUsage(5, "a streamed answer in several chunks".Length), decision.Usage);
        Assert.True(good.Requests.Single().Stream);
    }

    [Fact]
    public async Task StreamAsync_ModelBreaksMidStream_LastUpdateSaysIncomplete()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "this answer will be cut off in the middle of it";
        server.BreakStreamAfterChunks = 2;
        using var registry = TestModels.Registry(("m", TestModels.Options(server, "on_prem")));
        var gateway = new ModelGateway(registry);

        var updates = new List<GatewayUpdate>();
        await foreach (var update in gateway.StreamAsync(new ModelRequest(), Question))
        {
            updates.Add(update);
        }

        var decision = updates[^1].Decision!;
        Assert.Null(decision.Model);
        Assert.Contains("m failed after it had started answering; the answer is incomplete", decision.Reasons);
        Assert.Equal(AttemptOutcome.Failed, decision.Attempts[^1].Outcome);
    }
}
