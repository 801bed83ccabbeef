namespace Hunyu.Core.Audit;

/// <summary>
/// One entry of the audit log exactly as stored: every field as text, the hash of the entry before it and its own hash
/// (<see cref="AuditChain.ComputeHash"/>), so that changing any stored character is detectable.
/// </summary>
/// <param name="Sequence">1, 2, 3, … without gaps.</param>
/// <param name="Time">When it was appended, UTC, as fixed-width ISO-8601 text (<see cref="AuditChain.FormatTime"/>).</param>
/// <param name="Tenant">The principal's tenant.</param>
/// <param name="UserId">The principal's user id.</param>
/// <param name="Groups">The principal's groups as a JSON array.</param>
/// <param name="Client">Where the request came from.</param>
/// <param name="Action">What was done.</param>
/// <param name="Target">What it was done to.</param>
/// <param name="Outcome"><c>ok</c>, <c>denied</c> or <c>failed</c>.</param>
/// <param name="Code">The error code, or null.</param>
/// <param name="Detail">A small JSON object.</param>
/// <param name="PreviousHash">The hash of entry <c>Sequence - 1</c> (<see cref="AuditChain.GenesisHash"/> for the first).</param>
/// <param name="Hash">SHA-256, lowercase hex, of the previous hash and this entry's canonical form.</param>
public sealed record AuditRecord(
    long Sequence,
    string Time,
    string Tenant,
    string UserId,
    string Groups,
    string Client,
    string Action,
    string Target,
    string Outcome,
    string? Code,
    string Detail,
    string PreviousHash,
    string Hash);
