using System.Text.Json.Serialization;

namespace Hunyu.Hosting.Evaluation;

/// <summary>Retrieval quality and speed of one evaluation; the property names are the <c>--json</c> contract.</summary>
/// <param name="Dataset">The dataset's folder name.</param>
/// <param name="Documents">Corpus documents indexed.</param>
/// <param name="Queries">Queries run (those with judgements).</param>
/// <param name="NdcgAt10">Mean nDCG@10.</param>
/// <param name="RecallAt10">Mean Recall@10.</param>
/// <param name="RecallAt100">Mean Recall@100.</param>
/// <param name="MrrAt10">Mean reciprocal rank within the top 10.</param>
/// <param name="QueriesPerSecond">Queries per second, one at a time on one thread, each returning the top 10 with highlighted snippets.</param>
/// <param name="IndexSeconds">Seconds spent ingesting the corpus.</param>
public sealed record EvaluationReport(
    [property: JsonPropertyName("dataset")] string Dataset,
    [property: JsonPropertyName("documents")] int Documents,
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("ndcg_at_10")] double NdcgAt10,
    [property: JsonPropertyName("recall_at_10")] double RecallAt10,
    [property: JsonPropertyName("recall_at_100")] double RecallAt100,
    [property: JsonPropertyName("mrr_at_10")] double MrrAt10,
    [property: JsonPropertyName("queries_per_second")] double QueriesPerSecond,
    [property: JsonPropertyName("index_seconds")] double IndexSeconds)
{
    /// <summary>Judged queries left out because the learned model (<c>eval --learn</c>) was trained on them.</summary>
    [JsonPropertyName("excluded_training_queries")]
    public int ExcludedQueries { get; init; }
}
