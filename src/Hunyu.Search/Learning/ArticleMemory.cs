using System.Collections.Frozen;

namespace Hunyu.Search.Learning;

/// <summary>
/// The part of an <see cref="ExpansionModel"/> that remembers which documents answered which wording: every
/// document judged relevant in training keeps the bag of its training questions' words and bigrams (scored
/// with BM25 against a new question) and a signature of its own most distinctive words. A question adds the
/// signatures of its best-matching documents, weighted by how well it matches them relative to the best.
/// </summary>
/// <remarks>
/// This is "relevant document expansion" at query time. It helps new questions about documents that training
/// questions were about, and it cannot help questions about other documents (bench/results/learn.md splits the
/// gain that way). Immutable and thread-safe.
/// </remarks>
internal sealed class ArticleMemory
{
    /// <summary>BM25 saturation of the question bags.</summary>
    public const double BagK1 = 1.2;

    /// <summary>BM25 length normalisation of the question bags (low: a document asked about often is not penalised much).</summary>
    public const double BagB = 0.3;

    private readonly FrozenDictionary<string, ExpansionModel.Row> _features;

    public ArticleMemory(int articles, float weight, IReadOnlyList<string> ids, IReadOnlyList<ExpansionModel.Row> signatures, IReadOnlyDictionary<string, ExpansionModel.Row> features)
    {
        Articles = articles;
        Weight = weight;
        Ids = ids;
        Signatures = signatures;
        _features = features.ToFrozenDictionary(StringComparer.Ordinal);
    }

    /// <summary>Best-matching documents whose signatures a question gets.</summary>
    public int Articles { get; }

    /// <summary>Weight of the best-matching document's signature (others get less, in proportion to their match).</summary>
    public float Weight { get; }

    /// <summary>The remembered documents' ids (informational: scoring uses their positions).</summary>
    public IReadOnlyList<string> Ids { get; }

    /// <summary>Per document: its signature words (indexes into the model's terms) and their weights.</summary>
    public IReadOnlyList<ExpansionModel.Row> Signatures { get; }

    /// <summary>Per question word or bigram: the documents whose question bag contains it and its BM25 weight there.</summary>
    public IReadOnlyDictionary<string, ExpansionModel.Row> Features => _features;

    /// <summary>Weights in the feature lists and signatures.</summary>
    public int Entries => _features.Values.Sum(r => r.Targets.Length) + Signatures.Sum(s => s.Targets.Length);

    /// <summary>Adds the signatures of the documents best matching the question to <paramref name="weights"/>.</summary>
    public void Accumulate(IReadOnlyList<string> contentWords, IReadOnlyList<string> bigrams, Dictionary<int, float> weights)
    {
        var scores = new Dictionary<int, float>();
        // Words and bigrams share one bag: a two-character word and the same bigram count as one feature.
        foreach (var feature in contentWords.Concat(bigrams).Distinct(StringComparer.Ordinal))
        {
            if (!_features.TryGetValue(feature, out var row))
            {
                continue;
            }

            for (var i = 0; i < row.Targets.Length; i++)
            {
                scores[row.Targets[i]] = scores.GetValueOrDefault(row.Targets[i]) + row.Weights[i];
            }
        }

        if (scores.Count == 0)
        {
            return;
        }

        var best = scores.OrderByDescending(p => p.Value).ThenBy(p => p.Key).Take(Articles).ToList();
        var top = best[0].Value;
        foreach (var (article, score) in best)
        {
            var factor = Weight * score / top;
            var signature = Signatures[article];
            for (var i = 0; i < signature.Targets.Length; i++)
            {
                weights[signature.Targets[i]] = weights.GetValueOrDefault(signature.Targets[i]) + (factor * signature.Weights[i]);
            }
        }
    }

    /// <summary>The same memory with every signature term id passed through <paramref name="map"/>.</summary>
    public ArticleMemory WithTerms(Func<int, int> map) =>
        new(Articles, Weight, Ids, Signatures.Select(s => new ExpansionModel.Row(s.Targets.Select(map).ToArray(), s.Weights)).ToList(), _features);

    /// <summary>Builds the memory from training questions' features and the documents judged relevant to them.</summary>
    /// <param name="questions">Per training question: its features (content words then bigrams, repeats kept) and the relevant documents' ordinals.</param>
    /// <param name="signatureOf">A document's signature: term ids and weights, heaviest first.</param>
    /// <param name="articles">Documents whose signatures a question gets.</param>
    /// <param name="weight">Weight of the best match's signature.</param>
    /// <param name="idOf">A document's id.</param>
    public static ArticleMemory Build(
        IEnumerable<(IReadOnlyList<string> Features, IReadOnlyList<int> Relevant)> questions,
        Func<int, (int[] Terms, float[] Weights)> signatureOf,
        int articles,
        float weight,
        Func<int, string> idOf)
    {
        // Bags in order of first appearance, so the file does not depend on hash order.
        var bags = new Dictionary<int, Dictionary<string, int>>();
        var order = new List<int>();
        foreach (var (questionFeatures, relevant) in questions)
        {
            foreach (var document in relevant)
            {
                if (!bags.TryGetValue(document, out var bag))
                {
                    bags[document] = bag = new Dictionary<string, int>(StringComparer.Ordinal);
                    order.Add(document);
                }

                foreach (var feature in questionFeatures)
                {
                    bag[feature] = bag.GetValueOrDefault(feature) + 1;
                }
            }
        }

        order.Sort((a, b) => string.CompareOrdinal(idOf(a), idOf(b)));
        var lengths = order.Select(d => bags[d].Values.Sum()).ToArray();
        var averageLength = lengths.Length == 0 ? 1 : lengths.Average();
        var documentFrequency = new Dictionary<string, int>(StringComparer.Ordinal);
        foreach (var bag in bags.Values)
        {
            foreach (var feature in bag.Keys)
            {
                documentFrequency[feature] = documentFrequency.GetValueOrDefault(feature) + 1;
            }
        }

        var postings = new SortedDictionary<string, List<(int Article, float Weight)>>(StringComparer.Ordinal);
        for (var a = 0; a < order.Count; a++)
        {
            var norm = BagK1 * (1 - BagB + (BagB * lengths[a] / averageLength));
            foreach (var (feature, frequency) in bags[order[a]])
            {
                var df = documentFrequency[feature];
                var idf = Math.Log(1 + ((order.Count - df + 0.5) / (df + 0.5)));
                if (!postings.TryGetValue(feature, out var list))
                {
                    postings[feature] = list = [];
                }

                var bm25 = ExpansionModel.Quantize(idf * frequency * (BagK1 + 1) / (frequency + norm));
                if (bm25 > 0)
                {
                    list.Add((a, bm25));
                }
            }
        }

        var signatures = order.Select(d => signatureOf(d)).Select(s => new ExpansionModel.Row(s.Terms, s.Weights)).ToList();
        var features = postings.ToDictionary(
            p => p.Key,
            p => new ExpansionModel.Row(p.Value.Select(x => x.Article).ToArray(), p.Value.Select(x => x.Weight).ToArray()),
            StringComparer.Ordinal);
        return new ArticleMemory(articles, weight, order.Select(idOf).ToList(), signatures, features);
    }
}
