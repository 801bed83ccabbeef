using System.Text.Json.Serialization;

namespace Hunyu.Hosting.Evaluation;

/// <summary>
/// Federated search over several datasets mixed as domains, against the oracle that searches each
/// query only in its own domain; the property names are the <c>eval --domains --json</c> contract.
/// </summary>
/// <param name="Federated">Every query searched in every domain.</param>
/// <param name="Oracle">Every query searched only in its own dataset's domain.</param>
/// <param name="PerDomain">Both, per dataset (domain name = folder name).</param>
public sealed record MixedEvaluationReport(
    [property: JsonPropertyName("federated")] RetrievalScores Federated,
    [property: JsonPropertyName("oracle")] RetrievalScores Oracle,
    [property: JsonPropertyName("per_domain")] IReadOnlyDictionary<string, DomainScores> PerDomain)
{
    /// <summary>Judged queries left out because the learned model (<c>eval --learn</c>) was trained on them.</summary>
    [JsonPropertyName("excluded_training_queries")]
    public int ExcludedQueries { get; init; }
}

/// <summary>Federated and oracle scores of one domain's queries.</summary>
public sealed record DomainScores(
    [property: JsonPropertyName("federated")] RetrievalScores Federated,
    [property: JsonPropertyName("oracle")] RetrievalScores Oracle);
