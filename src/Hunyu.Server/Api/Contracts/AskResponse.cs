using System.Text.Json.Serialization;
using Hunyu.Core.Search;
using Hunyu.Hosting;
using Hunyu.Models.Gateway;
using Hunyu.Models.Grounding;

namespace Hunyu.Server.Api.Contracts;

/// <summary>The answer to <c>POST /api/ask</c>.</summary>
/// <param name="Answer">The answer text with <c>[n]</c> markers, or the abstention text.</param>
/// <param name="Citations">The sources the markers refer to.</param>
/// <param name="Abstained">True when the knowledge base holds no adequate evidence.</param>
/// <param name="Answerer">What produced the answer, e.g. <c>extractive</c>.</param>
/// <param name="Hits">The evidence the answer was composed from, best first.</param>
/// <param name="Warnings">Domains that could not answer.</param>
/// <param name="ElapsedMs">Time spent, in milliseconds.</param>
/// <param name="Decision">Which model answered and why; absent for the extractive answerer.</param>
/// <param name="Rewritten">The standalone question searched for a follow-up and how it was made; absent without history.</param>
public sealed record AskResponse(
    string Answer,
    IReadOnlyList<CitationResponse> Citations,
    bool Abstained,
    string Answerer,
    IReadOnlyList<HitResponse> Hits,
    IReadOnlyList<WarningResponse> Warnings,
    double ElapsedMs,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] ModelDecision? Decision,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] RewrittenQuestion? Rewritten)
{
    /// <summary>The response form of <paramref name="result"/>.</summary>
    public static AskResponse From(AskResult result, TimeSpan elapsed)
    {
        ArgumentNullException.ThrowIfNull(result);
        return new(
            result.Answer.Text,
            [.. result.Answer.Citations.Select(CitationResponse.From)],
            result.Answer.Abstained,
            result.Answer.Answerer,
            [.. result.Search.Hits.Select(HitResponse.From)],
            [.. result.Search.Warnings.Select(WarningResponse.From)],
            Math.Round(elapsed.TotalMilliseconds, 2),
            result.Decision,
            result.Rewritten);
    }
}
