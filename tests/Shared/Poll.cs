namespace Hunyu.Tests.Shared;

/// <summary>
/// Waits for what another thread or an in-process server brings about (a request aborted, a queue filled). Linked into
/// the projects that use it.
/// </summary>
internal static class Poll
{
    /// <summary>Longest wait: generous, so a busy machine slows the test rather than failing it (the outcome is asserted, not the speed).</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    /// <summary>Returns once <paramref name="condition"/> holds; fails the test when it still does not after <see cref="Limit"/>.</summary>
    public static async Task UntilAsync(Func<bool> condition)
    {
        var until = DateTime.UtcNow + Limit;
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < until, $"condition not met within {Limit.TotalSeconds:0} s");
            await Task.Delay(10);
        }
    }
}
