using Microsoft.Extensions.AI;

namespace Hunyu.Search.Hybrid;

/// <summary>
/// An embedding model as retrieval uses it: the generator, and the id its vectors are stored under (a domain's vectors
/// answer only queries embedded by the same model).
/// </summary>
/// <param name="Generator">Embeds passages at ingest and questions at search time.</param>
/// <param name="Id">Names the model and its dimensions, e.g. <c>openai:bge-m3</c>; stored with the vectors.</param>
public sealed record EmbeddingModel(IEmbeddingGenerator<string, Embedding<float>> Generator, string Id)
{
    /// <summary>How long a question's embedding may take before the search answers lexically alone.</summary>
    public static readonly TimeSpan QueryBudget = TimeSpan.FromSeconds(5);
}
