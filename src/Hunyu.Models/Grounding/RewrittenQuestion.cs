using Hunyu.Models.Gateway;

namespace Hunyu.Models.Grounding;

/// <summary>A follow-up question made standalone.</summary>
/// <param name="Text">The standalone question (the original when it needed nothing).</param>
/// <param name="Method"><c>unchanged</c>, <c>heuristic</c> or <c>model</c>.</param>
/// <param name="Decision">The model decision when a model was asked; null otherwise.</param>
public sealed record RewrittenQuestion(string Text, string Method, ModelDecision? Decision);
