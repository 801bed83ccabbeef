namespace Hunyu.Core.Audit;

/// <summary>
/// One thing that happened, as the caller reports it: who, what, from where and how it ended. The log adds the time,
/// the sequence number and the hash chain (see <see cref="AuditRecord"/>).
/// </summary>
/// <remarks>
/// SECURITY: the detail is a small JSON object of identifiers and counts (document ids, the query text, a source
/// location); never a secret and never a document's text.
/// </remarks>
public sealed record AuditEvent
{
    /// <summary>The tenant of an event that names none: <see cref="Security.Principal.DefaultTenant"/>.</summary>
    public const string DefaultTenant = Security.Principal.DefaultTenant;

    /// <summary>What was done: a snake_case name such as <see cref="AuditActions.Search"/>.</summary>
    public required string Action { get; init; }

    /// <summary>The user id of the principal who did it.</summary>
    public required string UserId { get; init; }

    /// <summary>The principal's groups at the time.</summary>
    public IReadOnlyList<string> Groups { get; init; } = [];

    /// <summary>The principal's tenant.</summary>
    public string Tenant { get; init; } = DefaultTenant;

    /// <summary>Where the request came from: a client address, or <c>cli</c>.</summary>
    public string Client { get; init; } = AuditCaller.LocalClient;

    /// <summary>What it was done to: a document id, a domain, a setting; empty when the detail says all.</summary>
    public string Target { get; init; } = string.Empty;

    /// <summary>How it ended.</summary>
    public AuditOutcome Outcome { get; init; } = AuditOutcome.Ok;

    /// <summary>The error code when it did not succeed (e.g. <c>not_found</c>); null when it did.</summary>
    public string? Code { get; init; }

    /// <summary>A small JSON object with the particulars, e.g. <c>{"cited": ["doc1"]}</c>.</summary>
    public string Detail { get; init; } = "{}";
}
