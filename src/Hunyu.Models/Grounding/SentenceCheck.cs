namespace Hunyu.Models.Grounding;

/// <summary>The citation check of one sentence of a generated answer.</summary>
/// <param name="Text">The sentence as generated, markers included.</param>
/// <param name="Claim">The sentence without its markers.</param>
/// <param name="Cited">Passage numbers it cites that exist (1-based, as in the prompt).</param>
/// <param name="InvalidCitations">Passage numbers it cites that do not exist; they are never shown as citations.</param>
/// <param name="Verdict">What the check found.</param>
/// <param name="Reason">Why, in one line (the missing number or word, the coverage).</param>
/// <param name="Support">Share of the claim's content words found in the cited passages (0-1).</param>
public sealed record SentenceCheck(string Text, string Claim, IReadOnlyList<int> Cited, IReadOnlyList<int> InvalidCitations, SupportVerdict Verdict, string Reason, double Support)
{
    /// <summary>True when the sentence may stand in an answer with its citations.</summary>
    public bool IsGrounded => Verdict is SupportVerdict.Supported or SupportVerdict.Unverifiable or SupportVerdict.NotAClaim;
}
