namespace Hunyu.Models.Gateway;

/// <summary>How one call to one model ended.</summary>
public enum AttemptOutcome
{
    /// <summary>The model answered.</summary>
    Succeeded,

    /// <summary>The model answered with an error (HTTP 5xx, 401, a broken response) or could not be reached.</summary>
    Failed,

    /// <summary>The model did not answer within its timeout.</summary>
    TimedOut,

    /// <summary>The model refused for its rate limit (HTTP 429).</summary>
    RateLimited,

    /// <summary>The request's deadline passed while it waited for a free slot.</summary>
    QueueTimeout,

    /// <summary>The caller cancelled.</summary>
    Canceled,
}
