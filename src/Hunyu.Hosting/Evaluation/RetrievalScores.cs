using System.Text.Json.Serialization;

namespace Hunyu.Hosting.Evaluation;

/// <summary>Mean retrieval metrics over a set of queries; the property names are the <c>--json</c> contract.</summary>
public sealed record RetrievalScores(
    [property: JsonPropertyName("ndcg_at_10")] double NdcgAt10,
    [property: JsonPropertyName("recall_at_10")] double RecallAt10,
    [property: JsonPropertyName("recall_at_100")] double RecallAt100,
    [property: JsonPropertyName("mrr_at_10")] double MrrAt10,
    [property: JsonPropertyName("queries")] int Queries,
    [property: JsonPropertyName("queries_per_second")] double QueriesPerSecond);
