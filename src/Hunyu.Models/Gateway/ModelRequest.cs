namespace Hunyu.Models.Gateway;

/// <summary>What routing and scheduling need to know about one model call.</summary>
public sealed record ModelRequest
{
    /// <summary>True when any evidence in the prompt is sensitive: only on_prem and edge models may take it.</summary>
    public bool Sensitive { get; init; }

    /// <summary>The speciality the scenario or domain prefers (e.g. <c>legal</c>); its specialists are tried first.</summary>
    public string? Speciality { get; init; }

    /// <summary>A model to try first when policy allows it (e.g. chosen by a scenario); null lets the policy order.</summary>
    public string? PreferredModel { get; init; }

    /// <summary>The tenant whose token budget pays; null is the default tenant.</summary>
    public string? Tenant { get; init; }

    /// <summary>Estimated prompt tokens.</summary>
    public int PromptTokens { get; init; }

    /// <summary>Most tokens the answer may take.</summary>
    public int MaxOutputTokens { get; init; } = 1024;

    /// <summary>Interactive requests are served before batch ones.</summary>
    public RequestPriority Priority { get; init; } = RequestPriority.Interactive;

    /// <summary>When the caller stops waiting: a request still queued then fails with <c>timeout</c>; null waits as long as the call's own timeout allows.</summary>
    public DateTimeOffset? Deadline { get; init; }

    /// <summary>Prompt and answer tokens together.</summary>
    public int TotalTokens => PromptTokens + MaxOutputTokens;
}
