using System.Globalization;

namespace Hunyu.Models.Gateway;

/// <summary>
/// Tokens each tenant may spend per window (e.g. a day). A request reserves its estimate before it is sent and
/// settles with what the model reported; a tenant out of budget gets no model (the extractive answer instead).
/// </summary>
/// <remarks>Thread-safe. In memory: a restart starts every window afresh.</remarks>
public sealed class TenantTokenBudget
{
    /// <summary>The tenant of requests that name none.</summary>
    public const string DefaultTenant = "default";

    private readonly Dictionary<string, long> _limits;
    private readonly long? _defaultLimit;
    private readonly TimeSpan _window;
    private readonly TimeProvider _time;
    private readonly Dictionary<string, (DateTimeOffset Start, long Used)> _ledger = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Creates the budget.</summary>
    /// <param name="limits">Tokens per window by tenant.</param>
    /// <param name="defaultLimit">Tokens per window of tenants not listed; null leaves them unlimited.</param>
    /// <param name="window">The window's length.</param>
    /// <param name="timeProvider">The clock; null for the system's.</param>
    public TenantTokenBudget(IReadOnlyDictionary<string, long>? limits = null, long? defaultLimit = null, TimeSpan? window = null, TimeProvider? timeProvider = null)
    {
        _limits = new Dictionary<string, long>(limits ?? new Dictionary<string, long>(), StringComparer.Ordinal);
        _defaultLimit = defaultLimit;
        _window = window ?? TimeSpan.FromDays(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(_window, TimeSpan.Zero);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Tokens <paramref name="tenant"/> may still spend in this window; null when it has no limit.</summary>
    public long? Remaining(string? tenant)
    {
        var key = tenant ?? DefaultTenant;
        var limit = LimitOf(key);
        if (limit is null)
        {
            return null;
        }

        lock (_lock)
        {
            return limit - Current(key).Used;
        }
    }

    /// <summary>Reserves <paramref name="tokens"/> for <paramref name="tenant"/>.</summary>
    /// <returns>False (nothing reserved) when the tenant's budget cannot pay for them.</returns>
    public bool TryReserve(string? tenant, long tokens)
    {
        var key = tenant ?? DefaultTenant;
        var limit = LimitOf(key);
        lock (_lock)
        {
            var entry = Current(key);
            if (limit is { } l && entry.Used + tokens > l)
            {
                return false;
            }

            _ledger[key] = (entry.Start, entry.Used + tokens);
            return true;
        }
    }

    /// <summary>Replaces a reservation of <paramref name="reserved"/> tokens with the <paramref name="used"/> ones the model reported.</summary>
    public void Settle(string? tenant, long reserved, long used)
    {
        var key = tenant ?? DefaultTenant;
        lock (_lock)
        {
            var entry = Current(key);
            _ledger[key] = (entry.Start, Math.Max(0, entry.Used - reserved + used));
        }
    }

    /// <inheritdoc />
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{_limits.Count} tenant limit(s), default {_defaultLimit?.ToString(CultureInfo.InvariantCulture) ?? "unlimited"} per {_window}");

    private long? LimitOf(string tenant) => _limits.TryGetValue(tenant, out var limit) ? limit : _defaultLimit;

    private (DateTimeOffset Start, long Used) Current(string tenant)
    {
        var now = _time.GetUtcNow();
        if (!_ledger.TryGetValue(tenant, out var entry) || now - entry.Start >= _window)
        {
            entry = (now, 0);
            _ledger[tenant] = entry;
        }

        return entry;
    }
}
