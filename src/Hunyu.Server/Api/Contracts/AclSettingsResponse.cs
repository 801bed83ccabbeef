using Hunyu.Hosting;

namespace Hunyu.Server.Api.Contracts;

/// <summary>The ACL settings of a domain, source or document.</summary>
/// <param name="Target">What they guard: <c>domain:NAME</c>, <c>source:ID</c> or <c>document:ID</c>.</param>
/// <param name="Rule">The administrators' rule; null when it inherits.</param>
/// <param name="Own">For a document: the ACL its connector or ingest gave it.</param>
/// <param name="Effective">For a document: what search enforces.</param>
/// <param name="Documents">How many live documents the rule applies to.</param>
public sealed record AclSettingsResponse(string Target, AclResponse? Rule, AclResponse? Own, AclResponse? Effective, int Documents)
{
    /// <summary>The response form of <paramref name="settings"/>.</summary>
    public static AclSettingsResponse From(AclSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new(
            settings.Target.ToString(),
            settings.Rule is null ? null : AclResponse.From(settings.Rule),
            settings.Own is null ? null : AclResponse.From(settings.Own),
            settings.Effective is null ? null : AclResponse.From(settings.Effective),
            settings.Documents);
    }
}
