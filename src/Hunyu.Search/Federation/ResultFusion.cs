using System.Globalization;
using Hunyu.Core.Search;
using Hunyu.Text.Analysis;

namespace Hunyu.Search.Federation;

/// <summary>
/// Merges the ranked lists of several domains into one (the "merge" of map-then-merge): fuses scores,
/// folds near-identical passages found in two domains into one hit, and says why each hit ranked.
/// A pure function of its inputs.
/// </summary>
public static class ResultFusion
{
    /// <summary>The k of reciprocal-rank fusion (60, as in Cormack et al.).</summary>
    public const int RrfK = 60;

    /// <summary>Bigram overlap (Jaccard) above which two passages from different domains count as the same.</summary>
    public const double DuplicateSimilarity = 0.9;

    /// <summary>
    /// Fuses <paramref name="lists"/> and returns the best <paramref name="limit"/> hits, ranked from 1. Lexical hits are
    /// merged by <paramref name="method"/>; when the lists carry dense hits too, the merged lexical and dense rankings are
    /// fused by reciprocal rank (their scores are not on one scale).
    /// </summary>
    public static IReadOnlyList<SearchHit> Merge(IReadOnlyList<DomainHits> lists, FusionMethod method, int limit, bool explain)
    {
        ArgumentNullException.ThrowIfNull(lists);
        var lexical = RankLexical(lists, method);
        var ranked = lists.Any(l => l.Dense.Count > 0) ? Hybrid(lexical, RankDense(lists)) : lexical;
        // PERF: duplicates are folded only across domains, so one domain's list needs no bigram sets.
        var fold = lists.Count(l => l.Hits.Count > 0 || l.Dense.Count > 0) > 1;
        var kept = new List<(SearchHit Hit, double Score, string Why, HashSet<string> Bigrams, List<string> AlsoIn)>();
        foreach (var (candidate, score, why) in ranked)
        {
            var hit = candidate.Hit;
            var bigrams = fold ? QueryTerms.Bigrams(hit.Text).ToHashSet(StringComparer.Ordinal) : [];
            var twin = fold ? kept.FindIndex(k => k.Hit.Domain != hit.Domain && Similar(k.Bigrams, bigrams)) : -1;
            if (twin >= 0)
            {
                kept[twin].AlsoIn.Add($"{hit.Domain}:{hit.CitationId}");
                continue;
            }

            kept.Add((hit, score, why, bigrams, []));
            if (kept.Count == limit)
            {
                break;
            }
        }

        return kept.Select((k, i) => k.Hit with
        {
            Rank = i + 1,
            Score = k.Score,
            Explanation = explain ? Describe(k.Why, k.AlsoIn, k.Hit.Explanation) : null,
        }).ToList();
    }

    private static List<(Candidate Hit, double Score, string Why)> RankLexical(IReadOnlyList<DomainHits> lists, FusionMethod method)
    {
        var fused = new List<(Candidate Hit, double Score, string Why)>();
        // A list without comparable scores takes, at rank r, the r-th best comparable score: it interleaves by rank.
        var calibration = lists.Where(l => !l.RankOnly).SelectMany(l => l.Hits.Select(h => l.Weight * h.Score)).OrderDescending().ToList();
        foreach (var list in lists)
        {
            for (var i = 0; i < list.Hits.Count; i++)
            {
                var hit = list.Hits[i];
                double score;
                string why;
                if (method == FusionMethod.ReciprocalRank)
                {
                    score = list.Weight / (RrfK + i + 1);
                    why = string.Create(CultureInfo.InvariantCulture, $"rank {i + 1} in domain {list.Domain} (weight {list.Weight:0.##}) → rrf {score:0.0000}");
                }
                else if (list.RankOnly)
                {
                    var reference = i < calibration.Count ? calibration[i] : calibration.Count > 0 ? calibration[^1] / (i - calibration.Count + 2) : 1.0 / (RrfK + i + 1);
                    score = list.Weight * reference;
                    why = string.Create(CultureInfo.InvariantCulture, $"rank {i + 1} in domain {list.Domain}, which has no comparable scores: given the rank-{i + 1} score of the scored domains {reference:0.###} × weight {list.Weight:0.##} = {score:0.###}");
                }
                else
                {
                    score = list.Weight * hit.Score;
                    why = string.Create(CultureInfo.InvariantCulture, $"bm25 {hit.Score:0.###} with statistics of all searched domains × domain {list.Domain} weight {list.Weight:0.##} = {score:0.###} (rank {i + 1} in its domain)");
                }

                fused.Add((hit, score, why));
            }
        }

        return Ordered(fused);
    }

    /// <summary>Dense hits of every domain on one scale: cosine similarities of one model compare across domains.</summary>
    private static List<(Candidate Hit, double Score, string Why)> RankDense(IReadOnlyList<DomainHits> lists) =>
        Ordered([.. lists.SelectMany(list => list.Dense.Select(hit => (new Candidate(hit), list.Weight * hit.Score,
            string.Create(CultureInfo.InvariantCulture, $"cosine {hit.Score:0.####} × domain {list.Domain} weight {list.Weight:0.##}"))))]);

    private static List<(Candidate Hit, double Score, string Why)> Hybrid(
        List<(Candidate Hit, double Score, string Why)> lexical, List<(Candidate Hit, double Score, string Why)> dense)
    {
        var fused = new Dictionary<string, (Candidate Hit, double Score, List<string> Why)>(StringComparer.Ordinal);
        foreach (var (ranking, name) in new[] { (lexical, "lexical"), (dense, "dense") })
        {
            for (var i = 0; i < ranking.Count; i++)
            {
                var (hit, _, why) = ranking[i];
                var share = 1.0 / (RrfK + i + 1);
                var entry = fused.TryGetValue(hit.Hit.CitationId, out var seen) ? seen : (Hit: hit, Score: 0.0, Why: new List<string>());
                entry.Why.Add(string.Create(CultureInfo.InvariantCulture, $"{name} rank {i + 1} ({why}) → {share:0.0000}"));
                // The lexical hit is kept when both found the chunk: it carries the engine's explanation.
                fused[hit.Hit.CitationId] = (entry.Hit, entry.Score + share, entry.Why);
            }
        }

        return Ordered([.. fused.Values.Select(f => (f.Hit, f.Score,
            string.Create(CultureInfo.InvariantCulture, $"hybrid rrf {f.Score:0.0000} = {string.Join(" + ", f.Why)}")))]);
    }

    /// <summary>Best score first; equal scores by citation id, read only for the ties.</summary>
    private static List<(Candidate Hit, double Score, string Why)> Ordered(List<(Candidate Hit, double Score, string Why)> hits)
    {
        hits.Sort((a, b) => a.Score != b.Score ? b.Score.CompareTo(a.Score) : string.CompareOrdinal(a.Hit.Hit.CitationId, b.Hit.Hit.CitationId));
        return hits;
    }

    private static bool Similar(HashSet<string> a, HashSet<string> b)
    {
        if (a.Count == 0 || b.Count == 0)
        {
            return false;
        }

        var shared = a.Count <= b.Count ? a.Count(b.Contains) : b.Count(a.Contains);
        return (double)shared / (a.Count + b.Count - shared) >= DuplicateSimilarity;
    }

    private static string Describe(string why, List<string> alsoIn, string? engine) =>
        why
        + (alsoIn.Count > 0 ? $"; the same passage is also in {string.Join(", ", alsoIn)}" : string.Empty)
        + (engine is null ? string.Empty : "\n" + engine);
}
