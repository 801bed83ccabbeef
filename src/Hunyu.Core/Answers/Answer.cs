namespace Hunyu.Core.Answers;

/// <summary>An answer whose every sentence cites its source, or an explicit abstention.</summary>
/// <param name="Text">The answer text with <c>[n]</c> markers.</param>
/// <param name="Citations">The sources the markers refer to, numbered from 1.</param>
/// <param name="Abstained">True when the knowledge base holds no adequate evidence.</param>
/// <param name="Answerer">What produced it, e.g. <c>extractive</c>.</param>
public sealed record Answer(string Text, IReadOnlyList<Citation> Citations, bool Abstained, string Answerer)
{
    /// <summary>The text of an abstention.</summary>
    public const string NotFoundText = "知识库中未找到足够依据回答这个问题。(Not found in the knowledge base.)";
}
