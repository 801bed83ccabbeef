namespace Hunyu.Models.Grounding;

/// <summary>An earlier turn of a conversation.</summary>
/// <param name="Question">What the user asked.</param>
/// <param name="Answer">What was answered, when known.</param>
public sealed record ConversationTurn(string Question, string? Answer = null);
