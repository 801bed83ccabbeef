using Hunyu.Core.Knowledge;

namespace Hunyu.Server.Api.Contracts;

/// <summary>A domain to create, or the new kind and weight of an existing one.</summary>
/// <param name="Name">The domain name: 1-64 of a-z, 0-9, '-' and '_'.</param>
/// <param name="Kind"><c>personal</c>, <c>enterprise</c>, <c>business</c>, <c>industry</c> or <c>internet</c>.</param>
/// <param name="Weight">Weight in federated search; absent keeps an existing domain's weight (1 for a new one).</param>
/// <param name="Owner">The user a personal domain belongs to; required for, and only for, a personal domain.</param>
public sealed record DomainBody(string? Name, DomainKind? Kind, double? Weight, string? Owner);
