using Hunyu.Core.Answers;
using Hunyu.Models.Gateway;

namespace Hunyu.Models.Grounding;

/// <summary>A grounded answer with the model decision and the citation check behind it.</summary>
/// <param name="Answer">The answer: every sentence cites a passage that supports it (or is flagged), or an abstention.</param>
/// <param name="Decision">Which model answered and why; <see cref="ModelDecision.Model"/> is null for extractive answers.</param>
/// <param name="Checks">The check of every sentence the model generated (empty for extractive answers).</param>
/// <param name="Notes">What the caller should know: a fallback, removed sentences, rejected citations.</param>
public sealed record GroundedResult(Answer Answer, ModelDecision Decision, IReadOnlyList<SentenceCheck> Checks, IReadOnlyList<string> Notes);
