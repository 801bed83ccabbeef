using Hunyu.Models.Safety;

namespace Hunyu.Hosting.Safety;

/// <summary>Safety at answer time (<c>Hunyu:Security</c>): PII masking by clearance and prompt-injection screening of retrieved passages.</summary>
public sealed record AnswerSafetyOptions
{
    /// <summary>The section of these settings.</summary>
    public const string Section = "Hunyu:Security";

    /// <summary>Who sees PII unmasked, for tenants without their own setting; administrators only by default.</summary>
    public PiiClearance Pii { get; init; } = new();

    /// <summary>Per-tenant clearance (<c>Hunyu:Security:Tenants:{tenant}:Pii</c>), each bound over <see cref="Pii"/>.</summary>
    public IReadOnlyDictionary<string, PiiClearance> Tenants { get; init; } = new Dictionary<string, PiiClearance>(StringComparer.Ordinal);

    /// <summary>What happens to a passage flagged as a possible prompt injection; quarantined by default.</summary>
    public InjectionAction Injection { get; init; } = InjectionAction.Quarantine;

    /// <summary>The screener of retrieved passages.</summary>
    public IInjectionScreener Screener { get; init; } = InjectionScreener.Default;

    /// <summary>The clearance of <paramref name="tenant"/>: its own when configured, <see cref="Pii"/> otherwise.</summary>
    public PiiClearance PiiFor(string tenant) => Tenants.TryGetValue(tenant, out var own) ? own : Pii;
}
