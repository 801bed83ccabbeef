using Microsoft.Extensions.AI;

namespace Hunyu.Models.Gateway;

/// <summary>A model's response and the decision that produced it.</summary>
/// <param name="Response">The response; null when no model answered (see <see cref="ModelDecision.Attempts"/>).</param>
/// <param name="Decision">Which model answered and why.</param>
public sealed record GatewayResult(ChatResponse? Response, ModelDecision Decision);
