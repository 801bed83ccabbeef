namespace Hunyu.Storage.Tests.Sqlite;

/// <summary>A clock that moves only when told, so stored times are predictable.</summary>
internal sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    private DateTimeOffset _now = start;

    public override DateTimeOffset GetUtcNow() => _now;

    public void Advance(TimeSpan by) => _now += by;
}
