using System.Text.Json.Serialization;
using Hunyu.Core.Catalog;
using Hunyu.Core.Knowledge;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A domain with its sources.</summary>
/// <param name="Name">The domain name.</param>
/// <param name="Kind">What kind of knowledge it holds: <c>personal</c>, <c>enterprise</c>, <c>business</c>, <c>industry</c> or <c>internet</c>.</param>
/// <param name="Weight">Relative weight in federated search.</param>
/// <param name="Owner">The owner of a personal domain; absent for shared domains.</param>
/// <param name="DocumentCount">Live documents in the domain.</param>
/// <param name="Sources">Where its documents come from.</param>
public sealed record DomainResponse(
    string Name,
    DomainKind Kind,
    double Weight,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Owner,
    int DocumentCount,
    IReadOnlyList<SourceResponse> Sources)
{
    /// <summary>The response form of <paramref name="summary"/>.</summary>
    public static DomainResponse From(DomainSummary summary)
    {
        ArgumentNullException.ThrowIfNull(summary);
        var domain = summary.Domain;
        return new(domain.Name, domain.Kind, domain.Weight, domain.Owner, summary.DocumentCount, [.. summary.Sources.Select(SourceResponse.From)]);
    }
}
