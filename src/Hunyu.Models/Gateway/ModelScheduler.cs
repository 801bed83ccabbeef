using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Hunyu.Core.Errors;

namespace Hunyu.Models.Gateway;

/// <summary>
/// Hands out each model's slots (its <see cref="RegisteredModel.MaxConcurrency"/>) to waiting requests, interactive
/// before batch and first come first served within a priority. A request still queued when its deadline passes fails
/// with <c>timeout</c> at once; a cancelled one leaves the queue.
/// </summary>
/// <remarks>
/// Thread-safe. Strict priority: a batch request gets a slot only when no interactive request waits for that model, so
/// batch work never delays a question by more than the calls already running.
/// </remarks>
public sealed class ModelScheduler
{
    private readonly ConcurrentDictionary<string, Lane> _lanes = new(StringComparer.OrdinalIgnoreCase);
    private readonly GatewayMetrics? _metrics;
    private readonly TimeProvider _time;

    /// <summary>Creates the scheduler.</summary>
    /// <param name="metrics">Where queue times and lengths are recorded; null records nothing.</param>
    /// <param name="timeProvider">The clock for deadlines; null for the system's.</param>
    public ModelScheduler(GatewayMetrics? metrics = null, TimeProvider? timeProvider = null)
    {
        _metrics = metrics;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Requests waiting for <paramref name="model"/> (cancelled ones not yet removed may be counted).</summary>
    public int QueueLength(string model) => _lanes.TryGetValue(model, out var lane) ? lane.Waiting : 0;

    /// <summary>Calls of <paramref name="model"/> running now.</summary>
    public int Running(string model) => _lanes.TryGetValue(model, out var lane) ? lane.Active : 0;

    /// <summary>Waits for a slot of <paramref name="model"/>.</summary>
    /// <param name="model">The model's name.</param>
    /// <param name="maxConcurrency">Its slots (fixed by the first request for the model).</param>
    /// <param name="priority">Interactive before batch.</param>
    /// <param name="deadline">When to give up waiting; null waits until cancelled.</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>The slot; dispose it when the call ends.</returns>
    /// <exception cref="HunyuException"><c>timeout</c>: the deadline passed while queued.</exception>
    /// <exception cref="OperationCanceledException">The wait was cancelled.</exception>
    public async Task<ModelLease> AcquireAsync(string model, int maxConcurrency, RequestPriority priority, DateTimeOffset? deadline, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(model);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxConcurrency);
        cancellationToken.ThrowIfCancellationRequested();
        var lane = _lanes.GetOrAdd(model, name => new Lane(name, maxConcurrency, _time));
        var start = _time.GetTimestamp();
        if (deadline is { } d && d <= _time.GetUtcNow())
        {
            throw DeadlineExceeded(lane, priority, TimeSpan.Zero);
        }

        var waiter = lane.TryEnter(priority);
        if (waiter is null)
        {
            return Granted(lane, priority, _time.GetElapsedTime(start));
        }

        _metrics?.Queued.Add(1, new KeyValuePair<string, object?>("model", lane.Name));
        using var onCancel = cancellationToken.Register(() => waiter.TrySetCanceled(cancellationToken));
        using var timer = deadline is { } due ? _time.CreateTimer(
            _ => waiter.TrySetException(DeadlineExceeded(lane, priority, _time.GetElapsedTime(start))),
            null,
            Max(due - _time.GetUtcNow(), TimeSpan.Zero),
            Timeout.InfiniteTimeSpan) : null;
        try
        {
            // Queue time ends when the slot is handed over, not when this continuation gets a thread.
            var grantedAt = await waiter.Task;
            return Granted(lane, priority, _time.GetElapsedTime(start, grantedAt));
        }
        finally
        {
            _metrics?.Queued.Add(-1, new KeyValuePair<string, object?>("model", lane.Name));
        }
    }

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    private static HunyuException DeadlineExceeded(Lane lane, RequestPriority priority, TimeSpan queued) =>
        new(ErrorCode.Timeout, string.Create(CultureInfo.InvariantCulture, $"{lane.Name}: the request's deadline passed after {queued.TotalMilliseconds:0} ms in the {priority.ToString().ToLowerInvariant()} queue; all {lane.Limit} slot(s) were busy"));

    private ModelLease Granted(Lane lane, RequestPriority priority, TimeSpan queued)
    {
        _metrics?.QueueTime.Record(queued.TotalMilliseconds, new KeyValuePair<string, object?>("model", lane.Name), new KeyValuePair<string, object?>("priority", priority.ToString().ToLowerInvariant()));
        return new ModelLease(lane.Name, queued, lane.Release);
    }

    /// <summary>One model's slots and queue.</summary>
    private sealed class Lane(string name, int limit, TimeProvider time)
    {
        private readonly PriorityQueue<Waiter, (int Priority, long Sequence)> _queue = new();
        private readonly Lock _lock = new();
        private long _sequence;

        public string Name { get; } = name;

        public int Limit { get; } = limit;

        public int Active { get; private set; }

        public int Waiting
        {
            get
            {
                lock (_lock)
                {
                    return _queue.Count;
                }
            }
        }

        /// <summary>Takes a free slot (null) or queues a waiter. Invariant: a live waiter exists only while every slot is taken.</summary>
        public Waiter? TryEnter(RequestPriority priority)
        {
            lock (_lock)
            {
                if (Active < Limit)
                {
                    Active++;
                    return null;
                }

                var waiter = new Waiter();
                _queue.Enqueue(waiter, ((int)priority, _sequence++));
                return waiter;
            }
        }

        /// <summary>Gives the slot to the first live waiter, or frees it.</summary>
        public void Release()
        {
            lock (_lock)
            {
                while (_queue.TryDequeue(out var waiter, out _))
                {
                    // A waiter cancelled or timed out meanwhile refuses the slot; the next one takes it.
                    if (waiter.TrySetResult(time.GetTimestamp()))
                    {
                        return;
                    }
                }

                Active--;
                Debug.Assert(Active >= 0, "released more slots than were taken");
            }
        }
    }

    /// <summary>A queued request; its result is the timestamp at which it was given the slot.</summary>
    private sealed class Waiter() : TaskCompletionSource<long>(TaskCreationOptions.RunContinuationsAsynchronously);
}
