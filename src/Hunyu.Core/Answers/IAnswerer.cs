using Hunyu.Core.Search;

namespace Hunyu.Core.Answers;

/// <summary>Composes a cited answer to a question from retrieved evidence.</summary>
public interface IAnswerer
{
    /// <summary>Answers <paramref name="question"/> from <paramref name="evidence"/> (ranked, best first); abstains when the evidence is weak.</summary>
    Task<Answer> AnswerAsync(string question, IReadOnlyList<SearchHit> evidence, CancellationToken cancellationToken = default);
}
