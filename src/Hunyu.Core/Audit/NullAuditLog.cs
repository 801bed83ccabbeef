namespace Hunyu.Core.Audit;

/// <summary>Records nothing: for throwaway knowledge bases (evaluation) and for measuring audit's cost.</summary>
public sealed class NullAuditLog : IAuditLog
{
    private NullAuditLog()
    {
    }

    /// <summary>The one instance.</summary>
    public static NullAuditLog Instance { get; } = new();

    /// <inheritdoc />
    public Task<AuditRecord> AppendAsync(AuditEvent auditEvent, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        return Task.FromResult(AuditChain.Seal(0, DateTimeOffset.UnixEpoch, auditEvent, AuditChain.GenesisHash));
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditRecord>> SearchAsync(AuditQuery query, CancellationToken cancellationToken = default) =>
        Task.FromResult<IReadOnlyList<AuditRecord>>([]);

    /// <inheritdoc />
    public Task<AuditVerification> VerifyAsync(AuditAnchor? anchor = null, CancellationToken cancellationToken = default) =>
        Task.FromResult(new AuditVerification(0, null, AuditChain.GenesisHash));
}
