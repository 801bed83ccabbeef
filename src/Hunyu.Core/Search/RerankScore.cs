namespace Hunyu.Core.Search;

/// <summary>How well one passage answers the question, by a reranker.</summary>
/// <param name="Index">The passage's position in the list given to <see cref="IReranker.RerankAsync"/>.</param>
/// <param name="Score">The model's relevance score: higher is better, on the model's own scale.</param>
public readonly record struct RerankScore(int Index, double Score);
