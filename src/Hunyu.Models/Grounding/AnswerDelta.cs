namespace Hunyu.Models.Grounding;

/// <summary>A piece of a streamed grounded answer: checked sentences as they complete, then the final result.</summary>
/// <param name="Text">Text to append (whole checked sentences with their renumbered markers); empty in the final delta.</param>
/// <param name="Final">Set on the last delta only: the complete answer with its citations, decision and checks.</param>
public sealed record AnswerDelta(string Text, GroundedResult? Final);
