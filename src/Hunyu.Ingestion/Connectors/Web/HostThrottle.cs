namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>The per-host rate limit: requests to one host (and port) start at least an interval apart.</summary>
/// <remarks>
/// Hand-written rather than System.Threading.RateLimiting: the crawl sends one request at a time, so "not before"
/// per host is the whole algorithm, and this one runs on the injected <see cref="TimeProvider"/>. Not thread-safe;
/// one per crawl.
/// </remarks>
internal sealed class HostThrottle(TimeSpan defaultInterval, TimeProvider time)
{
    private readonly Dictionary<string, (DateTimeOffset Next, TimeSpan Interval)> _hosts = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Sets the interval of one host (a robots.txt Crawl-delay).</summary>
    public void SetInterval(string authority, TimeSpan interval)
    {
        var next = _hosts.TryGetValue(authority, out var state) ? state.Next : DateTimeOffset.MinValue;
        _hosts[authority] = (next, interval);
    }

    /// <summary>Waits until a request to <paramref name="authority"/> may start, and books it.</summary>
    public async Task WaitAsync(string authority, CancellationToken cancellationToken)
    {
        var found = _hosts.TryGetValue(authority, out var state);
        var interval = found ? state.Interval : defaultInterval;
        var now = time.GetUtcNow();
        if (found && state.Next > now)
        {
            await Task.Delay(state.Next - now, time, cancellationToken);
            now = time.GetUtcNow();
        }

        _hosts[authority] = (now + interval, interval);
    }
}
