namespace Hunyu.Core.Audit;

/// <summary>An append-only, hash-chained record of who did what, when and from where.</summary>
/// <remarks>
/// Implementations are thread-safe and serialise appends (also across processes sharing the store), so the chain never
/// forks and sequence numbers have no gaps.
/// </remarks>
public interface IAuditLog
{
    /// <summary>Appends <paramref name="auditEvent"/>, stamped with the time, the next sequence number and the chain hash.</summary>
    /// <exception cref="Errors.HunyuException"><c>invalid_argument</c> for a malformed event; <c>store_unavailable</c> when the store fails.</exception>
    Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default);

    /// <summary>The entries matching <paramref name="query"/>, newest first.</summary>
    Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default);

    /// <summary>Walks the whole chain (and checks it against <paramref name="anchor"/>, if given) and reports the first break.</summary>
    Task<AuditVerification> VerifyAsync(AuditAnchor? anchor = null, CancellationToken cancellationToken = default);
}
