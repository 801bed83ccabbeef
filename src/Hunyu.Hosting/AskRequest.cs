using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Models.Grounding;

namespace Hunyu.Hosting;

/// <summary>A question to answer from the knowledge base, with the conversation it follows.</summary>
public sealed record AskRequest
{
    /// <summary>Most earlier turns accepted (the rewriter reads the last few; more is refused rather than cut).</summary>
    public const int MaxHistoryTurns = 50;

    /// <summary>Longest earlier answer accepted, in characters.</summary>
    public const int MaxHistoryAnswerLength = 20_000;

    /// <summary>The question (the follow-up when <see cref="History"/> is not empty), who asks it and the search filters.</summary>
    public required SearchRequest Search { get; init; }

    /// <summary>Earlier turns, oldest first; a follow-up is rewritten into a standalone question before retrieval.</summary>
    public IReadOnlyList<ConversationTurn> History { get; init; } = [];

    /// <summary>The model speciality the scenario prefers (e.g. <c>legal</c>); null for any.</summary>
    public string? Speciality { get; init; }

    /// <summary>Checks the history: at most <see cref="MaxHistoryTurns"/> turns, each with a question of bounded length.</summary>
    /// <exception cref="HunyuException">A turn is empty or too long, or there are too many (<c>invalid_argument</c>, <c>too_large</c>).</exception>
    public void Validate()
    {
        ArgumentNullException.ThrowIfNull(Search);
        ArgumentNullException.ThrowIfNull(History);
        if (History.Count > MaxHistoryTurns)
        {
            throw new HunyuException(ErrorCode.TooLarge, $"history: {History.Count} turns; limit is {MaxHistoryTurns}");
        }

        for (var i = 0; i < History.Count; i++)
        {
            var turn = History[i] ?? throw new HunyuException(ErrorCode.InvalidArgument, $"history[{i}]: missing; give {{question, answer}}");
            if (string.IsNullOrWhiteSpace(turn.Question))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"history[{i}].question: empty; every earlier turn needs its question");
            }

            if (turn.Question.Length > SearchRequest.MaxQueryLength)
            {
                throw new HunyuException(ErrorCode.TooLarge, $"history[{i}].question: {turn.Question.Length:N0} characters; limit is {SearchRequest.MaxQueryLength:N0}");
            }

            if (turn.Answer is { Length: > MaxHistoryAnswerLength } answer)
            {
                throw new HunyuException(ErrorCode.TooLarge, $"history[{i}].answer: {answer.Length:N0} characters; limit is {MaxHistoryAnswerLength:N0}");
            }
        }
    }
}
