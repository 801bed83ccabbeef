namespace Hunyu.Server.Identity;

/// <summary>
/// Requests allowed per caller in a fixed window, bound from <c>Hunyu:Server:RateLimit</c>. A caller is an API key, a
/// token's user, or the client address when the request is anonymous or not authenticated.
/// </summary>
public sealed class RateLimitOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Server:RateLimit";

    /// <summary>Default requests per window.</summary>
    public const int DefaultPermitLimit = 600;

    /// <summary>Default window length, in seconds.</summary>
    public const int DefaultWindowSeconds = 60;

    /// <summary>Largest allowed requests per window.</summary>
    public const int MaxPermitLimit = 1_000_000;

    /// <summary>Largest allowed window, in seconds (one hour).</summary>
    public const int MaxWindowSeconds = 3_600;

    /// <summary>Whether requests are limited at all.</summary>
    /// <value>The default is true.</value>
    public bool Enabled { get; set; } = true;

    /// <summary>Requests one caller may make per window.</summary>
    /// <value>The default is 600; allowed 1-1,000,000.</value>
    public int PermitLimit { get; set; } = DefaultPermitLimit;

    /// <summary>The window length, in seconds.</summary>
    /// <value>The default is 60; allowed 1-3,600.</value>
    public int WindowSeconds { get; set; } = DefaultWindowSeconds;
}
