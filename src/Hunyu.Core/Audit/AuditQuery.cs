namespace Hunyu.Core.Audit;

/// <summary>Which entries to list, newest first; every filter is optional.</summary>
public sealed record AuditQuery
{
    /// <summary>The default number of entries listed.</summary>
    public const int DefaultLimit = 100;

    /// <summary>Most entries listed at once.</summary>
    public const int MaxLimit = 10_000;

    /// <summary>Only entries of principals of this tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>Only this user's entries.</summary>
    public string? UserId { get; init; }

    /// <summary>Only this action.</summary>
    public string? Action { get; init; }

    /// <summary>Only entries at or after this instant.</summary>
    public DateTimeOffset? Since { get; init; }

    /// <summary>Only entries before this instant.</summary>
    public DateTimeOffset? Until { get; init; }

    /// <summary>How many entries, at most.</summary>
    public int Limit { get; init; } = DefaultLimit;
}
