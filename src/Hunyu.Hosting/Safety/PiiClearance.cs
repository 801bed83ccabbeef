using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Hosting.Safety;

/// <summary>
/// Who sees personal data unmasked at answer time (<c>Hunyu:Security:Pii</c>, per tenant
/// <c>Hunyu:Security:Tenants:{tenant}:Pii</c>): everyone else gets snippets, passages, fields, answers, citations and
/// document text with PII masked by the ingest's detector and masker, even where the stored text keeps it.
/// </summary>
/// <remarks>Immutable and thread-safe.</remarks>
public sealed record PiiClearance
{
    /// <summary>The entry that clears administrators.</summary>
    public const string AdminEntry = "role:admin";

    private readonly IReadOnlyList<string> _entries = [AdminEntry];
    private readonly HashSet<string> _tokens = [];
    private PrincipalRole? _role = PrincipalRole.Admin;

    /// <summary>Whether answer-time masking is on (the default); off, everyone sees what the index stores.</summary>
    public bool Mask { get; init; } = true;

    /// <summary>Whether names and addresses are masked too; off by default, as at ingest (they are found with less confidence).</summary>
    public bool MaskNames { get; init; }

    /// <summary>
    /// The cleared: <c>user:NAME</c>, <c>group:NAME</c> and <c>role:ROLE</c> (that role or above); the default is
    /// administrators only (<see cref="AdminEntry"/>).
    /// </summary>
    /// <exception cref="HunyuException">An entry is not one of the three forms (<c>invalid_argument</c>).</exception>
    public IReadOnlyList<string> Clearance
    {
        get => _entries;
        init
        {
            ArgumentNullException.ThrowIfNull(value);
            var tokens = new HashSet<string>(StringComparer.Ordinal);
            PrincipalRole? role = null;
            foreach (var raw in value)
            {
                var entry = raw?.Trim() ?? string.Empty;
                var colon = entry.IndexOf(':', StringComparison.Ordinal);
                var kind = colon > 0 ? entry[..colon].ToLowerInvariant() : string.Empty;
                var name = colon > 0 ? entry[(colon + 1)..].Trim() : string.Empty;
                if (kind == "role" && PrincipalRoles.TryParse(name, out var parsed))
                {
                    role = role is { } lowest && lowest < parsed ? lowest : parsed;
                }
                else if (kind is "user" or "group" && name.Length > 0)
                {
                    tokens.Add($"{kind}:{name}");
                }
                else
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"PII clearance entry '{entry}': use user:NAME, group:NAME or role:reader|editor|admin");
                }
            }

            _entries = [.. value];
            _tokens = tokens;
            _role = role;
        }
    }

    /// <summary>The answer-time policy: the ingest's default (identifiers, phones, e-mail and IP addresses masked), names and addresses too with <see cref="MaskNames"/>.</summary>
    public PiiPolicy Policy => MaskNames
        ? PiiPolicy.Default.With(PiiType.PersonName, PiiAction.Mask).With(PiiType.Address, PiiAction.Mask)
        : PiiPolicy.Default;

    /// <summary>Whether <paramref name="principal"/> sees PII unmasked: masking is off, or an entry names the principal, a group of theirs or a role at or below theirs.</summary>
    public bool Clears(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return !Mask || (_role is { } role && principal.Has(role)) || principal.AccessTokens().Overlaps(_tokens);
    }
}
