namespace Hunyu.Models.Gateway;

/// <summary>One piece of a streamed model answer; the last one carries the decision.</summary>
/// <param name="Text">Text generated since the previous update; empty in the last one.</param>
/// <param name="Decision">Set on the last update only: which model answered (null model when none could) and why.</param>
public sealed record GatewayUpdate(string Text, ModelDecision? Decision);
