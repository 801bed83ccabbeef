using Hunyu.Core.Errors;
using Hunyu.Models.Gateway;

namespace Hunyu.Models.Tests.Gateway;

public sealed class ModelSchedulerTests
{
    private readonly ModelScheduler _scheduler = new();

    [Fact]
    public async Task AcquireAsync_InteractiveQueuedAfterBatch_GetsTheNextSlotsFirst()
    {
        var running = await _scheduler.AcquireAsync("m", 1, RequestPriority.Batch, null);
        var order = new List<string>();
        var waiting = new List<Task>();
        for (var i = 0; i < 5; i++)
        {
            waiting.Add(Take($"batch-{i}", RequestPriority.Batch));
        }

        for (var i = 0; i < 3; i++)
        {
            waiting.Add(Take($"interactive-{i}", RequestPriority.Interactive));
        }

        Assert.Equal(8, _scheduler.QueueLength("m"));
        running.Dispose();
        await Task.WhenAll(waiting);

        Assert.Equal(["interactive-0", "interactive-1", "interactive-2", "batch-0", "batch-1", "batch-2", "batch-3", "batch-4"], order);

        async Task Take(string name, RequestPriority priority)
        {
            using var lease = await _scheduler.AcquireAsync("m", 1, priority, null);
            lock (order)
            {
                order.Add(name);
            }
        }
    }

    [Fact]
    public async Task AcquireAsync_DeadlinePassesWhileQueued_FailsWithTimeoutAtTheDeadline()
    {
        using var running = await _scheduler.AcquireAsync("m", 1, RequestPriority.Interactive, null);
        var started = DateTimeOffset.UtcNow;

        var error = await Assert.ThrowsAsync<HunyuException>(() => _scheduler.AcquireAsync("m", 1, RequestPriority.Interactive, started.AddMilliseconds(150)));

        var waited = DateTimeOffset.UtcNow - started;
        Assert.Equal(ErrorCode.Timeout, error.Error);
        Assert.Contains("m: the request's deadline passed after", error.Message, StringComparison.Ordinal);
        Assert.Contains("all 1 slot(s) were busy", error.Message, StringComparison.Ordinal);
        Assert.InRange(waited, TimeSpan.FromMilliseconds(100), TimeSpan.FromSeconds(5));
    }

    [Fact]
    public async Task AcquireAsync_DeadlineAlreadyPast_FailsWithoutQueueing()
    {
        using var running = await _scheduler.AcquireAsync("m", 1, RequestPriority.Interactive, null);

        await Assert.ThrowsAsync<HunyuException>(() => _scheduler.AcquireAsync("m", 1, RequestPriority.Interactive, DateTimeOffset.UtcNow.AddSeconds(-1)));

        Assert.Equal(0, _scheduler.QueueLength("m"));
    }

    [Fact]
    public async Task AcquireAsync_CancelledWhileQueued_ThrowsAndTheSlotGoesToTheNextWaiter()
    {
        var running = await _scheduler.AcquireAsync("m", 1, RequestPriority.Interactive, null);
        using var cancel = new CancellationTokenSource();
        var cancelled = _scheduler.AcquireAsync("m", 1, RequestPriority.Interactive, null, cancel.Token);
        var next = _scheduler.AcquireAsync("m", 1, RequestPriority.Batch, null);

        await cancel.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => cancelled);
        running.Dispose();
        using var lease = await next.WaitAsync(TimeSpan.FromSeconds(5));

        Assert.Equal(1, _scheduler.Running("m"));
    }

    [Fact]
    public async Task AcquireAsync_ManyCallers_NeverMoreThanTheLimitAtOnce()
    {
        var current = 0;
        var peak = 0;
        await Task.WhenAll(Enumerable.Range(0, 40).Select(async i =>
        {
            using var lease = await _scheduler.AcquireAsync("m", 3, i % 2 == 0 ? RequestPriority.Batch : RequestPriority.Interactive, null);
            var now = Interlocked.Increment(ref current);
            lock (_scheduler)
            {
                peak = Math.Max(peak, now);
            }

            await Task.Delay(5);
            Interlocked.Decrement(ref current);
        }));

        Assert.Equal(3, peak);
        Assert.Equal(0, _scheduler.Running("m"));
    }
}
