using System.Diagnostics;
using Hunyu.Core.Errors;
using Hunyu.Search.Evaluation;
using Hunyu.Search.Lucene;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;

namespace Hunyu.Search.Learning;

/// <summary>
/// Learns an <see cref="ExpansionModel"/> from question/relevant-document pairs (a BEIR dataset) without a
/// neural model. Two parts: (1) a sparse, non-negative translation table from question features (CJK bigrams
/// and/or content words) to corpus words, trained discriminatively so that the product's own BM25 query plus
/// the expansion ranks the relevant documents above BM25's candidates; (2) a memory of the judged documents
/// (<see cref="ArticleMemory"/>): a new question worded like their training questions gets their distinctive words.
/// </summary>
/// <remarks>
/// <para>Each training question contributes its BM25 top <see cref="ExpansionLearnerOptions.Candidates"/> as
/// negatives; see <see cref="PairWeightTrainer"/> for the loss. Because Lucene's score of a boolean query is a
/// sum of clause boosts times per-term BM25 scores, the learned weights are used at query time unchanged.</para>
/// <para>Nothing is keyed to a dataset name or a question id: the model maps wording to corpus words, so it helps
/// a new question as far as it shares wording with training questions. Deterministic for a seed. An instance
/// (from <see cref="Open"/>) holds the corpus index in memory and is not thread-safe; dispose it when done.</para>
/// </remarks>
public sealed class ExpansionLearner : IDisposable
{
    /// <summary>Weights below this are dropped from the saved model (they add clauses, not ranking).</summary>
    public const float MinWeight = 0.0005f;

    private readonly string _datasetDirectory;
    private readonly TrainingCorpus _corpus;

    private ExpansionLearner(string datasetDirectory, BeirDataset dataset, TrainingCorpus corpus)
    {
        _datasetDirectory = datasetDirectory;
        Dataset = dataset;
        _corpus = corpus;
    }

    /// <summary>The dataset being learned from.</summary>
    public BeirDataset Dataset { get; }

    /// <summary>Reads the BEIR dataset in <paramref name="datasetDirectory"/> and indexes its corpus in memory, once for any number of <see cref="Learn(QuerySplit, ExpansionLearnerOptions, ExpansionFeatures, IProgress{ValueTuple{string, double}}?, CancellationToken)"/> calls.</summary>
    /// <exception cref="HunyuException">The dataset is missing or malformed, or its corpus has no record.</exception>
    public static ExpansionLearner Open(string datasetDirectory, IProgress<(string Stage, double Fraction)>? progress = null, CancellationToken cancellationToken = default)
    {
        var dataset = BeirDataset.Load(datasetDirectory);
        progress?.Report(("indexing", 0));
        var corpus = TrainingCorpus.Load(dataset.CorpusPath, cancellationToken);
        progress?.Report(("indexing", 1));
        return new ExpansionLearner(datasetDirectory, dataset, corpus);
    }

    /// <summary>
    /// Learns from the BEIR dataset in <paramref name="datasetDirectory"/>, holding out a seeded random
    /// <see cref="ExpansionLearnerOptions.HoldOutFraction"/> of its judged questions; <paramref name="progress"/> gets a stage name and a fraction done.
    /// </summary>
    /// <exception cref="HunyuException">The dataset is missing or malformed, an option is out of range, or no training question has a relevant document in the corpus.</exception>
    public static LearningResult Learn(
        string datasetDirectory,
        ExpansionLearnerOptions options,
        ExpansionFeatures features = ExpansionFeatures.Bigrams,
        IProgress<(string Stage, double Fraction)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var stopwatch = Stopwatch.StartNew();
        using var learner = Open(datasetDirectory, progress, cancellationToken);
        var split = QuerySplit.Random(learner.Dataset.Queries.Select(q => q.Id), options.HoldOutFraction, options.Seed);
        var result = learner.Learn(split, options, features, progress, cancellationToken);
        return result with { Elapsed = stopwatch.Elapsed };
    }

    /// <summary>Learns from the <see cref="QuerySplit.Training"/> questions of <paramref name="split"/> (ids without a judgement are ignored).</summary>
    /// <exception cref="HunyuException">An option is out of range, or no training question has a relevant document in the corpus.</exception>
    public LearningResult Learn(
        QuerySplit split,
        ExpansionLearnerOptions options,
        ExpansionFeatures features = ExpansionFeatures.Bigrams,
        IProgress<(string Stage, double Fraction)>? progress = null,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(split);
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        if (features == ExpansionFeatures.None)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, "features: none; choose words, bigrams or both");
        }

        var stopwatch = Stopwatch.StartNew();
        var texts = Dataset.Queries.ToDictionary(q => q.Id, q => q.Text, StringComparer.Ordinal);
        var training = split.Training.Where(texts.ContainsKey).ToList();
        if (training.Count == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"holdout: the split leaves none of the {Dataset.Queries.Count} judged questions for training");
        }

        var sources = new FeatureIds();
        var examples = new List<TrainingExample>();
        var skipped = 0;
        var missing = 0;
        for (var i = 0; i < training.Count; i++)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var id = training[i];
            var (example, absent) = BuildExample(id, texts[id], Dataset.Qrels[id], _corpus, sources, features, options.Candidates);
            missing += absent;
            if (example is null)
            {
                skipped++;
            }
            else
            {
                examples.Add(example);
            }

            if (i % 64 == 0)
            {
                progress?.Report(("candidates", (double)i / training.Count));
            }
        }

        if (examples.Count == 0)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{Dataset.CorpusPath}: none of the {training.Count} training questions has a relevant document in the corpus (qrels.tsv names {missing} missing document(s))");
        }

        var trainer = new PairWeightTrainer(examples, _corpus.TermsOf);
        trainer.Train(options.Epochs, options.LearningRate, options.Regularization, options.Seed, progress is null ? null : new StageProgress(progress, "training"), cancellationToken);
        var heldOut = split.HeldOut.Where(texts.ContainsKey).Order(StringComparer.Ordinal).ToList();
        var info = new ExpansionModelInfo(Dataset.Name, ExpansionModelInfo.FingerprintOf(_datasetDirectory), options.Seed, [.. training.Order(StringComparer.Ordinal)], heldOut);
        var memory = options.MemoryWeight > 0 ? BuildMemory(examples, texts, options) : null;
        var model = ToModel(trainer, sources, _corpus, memory, options, info);
        return new LearningResult(model, training.Count, heldOut.Count, skipped, missing, stopwatch.Elapsed);
    }

    /// <inheritdoc />
    public void Dispose() => _corpus.Dispose();

    private static (TrainingExample? Example, int Missing) BuildExample(
        string queryId,
        string text,
        IReadOnlyDictionary<string, int> judged,
        TrainingCorpus corpus,
        FeatureIds sources,
        ExpansionFeatures features,
        int depth)
    {
        var normalized = TextNormalizer.Normalize(text);
        var query = ChunkQueryBuilder.Build(normalized);
        var relevant = new List<int>();
        var missing = 0;
        foreach (var (documentId, grade) in judged.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            if (grade <= 0)
            {
                continue;
            }

            if (corpus.TryGetOrdinal(documentId, out var ordinal))
            {
                relevant.Add(ordinal);
            }
            else
            {
                missing++;
            }
        }

        if (query is null || relevant.Count == 0)
        {
            return (null, missing);
        }

        var candidates = corpus.Search(query, depth);
        var seen = candidates.Select(c => c.Ordinal).ToHashSet();
        foreach (var ordinal in relevant.Where(r => !seen.Contains(r)))
        {
            candidates.Add((ordinal, corpus.Score(query, ordinal)));
        }

        var relevantSet = relevant.ToHashSet();
        var featureIds = Features(normalized, features).Distinct(StringComparer.Ordinal).Select(sources.IdOf).ToArray();
        var example = new TrainingExample(
            queryId,
            featureIds,
            candidates.Select(c => c.Ordinal).ToArray(),
            candidates.Select(c => c.Score).ToArray(),
            candidates.Select(c => relevantSet.Contains(c.Ordinal) ? 1.0 / relevant.Count : 0).ToArray());
        return (example, missing);
    }

    /// <summary>The features of a question, prefixed by kind so a word and a bigram never share a row while training.</summary>
    private static IEnumerable<string> Features(string normalizedQuery, ExpansionFeatures features)
    {
        var result = Enumerable.Empty<string>();
        if (features.HasFlag(ExpansionFeatures.Words))
        {
            result = result.Concat(QueryTerms.ContentWords(normalizedQuery).Select(w => WordPrefix + w));
        }

        if (features.HasFlag(ExpansionFeatures.Bigrams))
        {
            result = result.Concat(QueryTerms.Bigrams(normalizedQuery).Select(b => BigramPrefix + b));
        }

        return result;
    }

    private const string WordPrefix = "w:";
    private const string BigramPrefix = "b:";

    private ArticleMemory BuildMemory(List<TrainingExample> examples, Dictionary<string, string> texts, ExpansionLearnerOptions options)
    {
        var questions = examples.Select(e =>
        {
            var normalized = TextNormalizer.Normalize(texts[e.QueryId]);
            IReadOnlyList<string> features = [.. QueryTerms.ContentWords(normalized), .. QueryTerms.Bigrams(normalized)];
            IReadOnlyList<int> relevant = [.. e.Candidates.Where((_, k) => e.Targets[k] > 0)];
            return (features, relevant);
        });
        return ArticleMemory.Build(questions, ordinal => Signature(ordinal, options.SignatureTerms), options.MemoryArticles, (float)options.MemoryWeight, _corpus.IdOf);
    }

    /// <summary>
    /// A document's most distinctive words: √tf · ln(N / (1 + df)) over its words that are not stop words or
    /// numbers, scaled to unit length, heaviest <paramref name="count"/> kept.
    /// </summary>
    private (int[] Terms, float[] Weights) Signature(int ordinal, int count)
    {
        var terms = _corpus.TermsOf(ordinal);
        var scored = new List<(int Term, double Weight)>();
        for (var i = 0; i < terms.Terms.Length; i++)
        {
            var word = _corpus.Terms[terms.Terms[i]];
            if (StopWords.Contains(word) || word.All(char.IsDigit))
            {
                continue;
            }

            var weight = Math.Sqrt(terms.Frequencies[i]) * Math.Log((double)_corpus.Count / (1 + _corpus.DocumentFrequency(terms.Terms[i])));
            if (weight > 0)
            {
                scored.Add((terms.Terms[i], weight));
            }
        }

        var norm = Math.Sqrt(scored.Sum(s => s.Weight * s.Weight));
        var kept = scored
            .Select(s => (s.Term, Weight: ExpansionModel.Quantize(s.Weight / norm)))
            .Where(s => s.Weight > 0)
            .OrderByDescending(s => s.Weight)
            .ThenBy(s => _corpus.Terms[s.Term], StringComparer.Ordinal)
            .Take(count)
            .ToList();
        return ([.. kept.Select(s => s.Term)], [.. kept.Select(s => s.Weight)]);
    }

    private static ExpansionModel ToModel(PairWeightTrainer trainer, FeatureIds sources, TrainingCorpus corpus, ArticleMemory? memory, ExpansionLearnerOptions options, ExpansionModelInfo info)
    {
        // Keep each feature's heaviest targets, then number the surviving words in ordinal order so the file is stable.
        var kept = new Dictionary<string, List<(int Term, float Weight)>>(StringComparer.Ordinal);
        foreach (var (source, row) in trainer.Weights)
        {
            var targets = row.Where(p => p.Value >= MinWeight)
                .Select(p => (Term: p.Key, Weight: ExpansionModel.Quantize(p.Value)))
                .OrderByDescending(p => p.Weight)
                .ThenBy(p => corpus.Terms[p.Term], StringComparer.Ordinal)
                .Take(options.MaxTargetsPerSource)
                .ToList();
            if (targets.Count > 0)
            {
                kept[sources.NameOf(source)] = targets;
            }
        }

        var used = kept.Values.SelectMany(t => t).Select(t => t.Term).Concat(memory?.Signatures.SelectMany(s => s.Targets) ?? []);
        var terms = used.Select(t => corpus.Terms[t]).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal).ToList();
        var index = terms.Select((term, i) => (term, i)).ToDictionary(p => p.term, p => p.i, StringComparer.Ordinal);
        var words = new Dictionary<string, ExpansionModel.Row>(StringComparer.Ordinal);
        var bigrams = new Dictionary<string, ExpansionModel.Row>(StringComparer.Ordinal);
        foreach (var (name, targets) in kept)
        {
            var row = new ExpansionModel.Row(
                targets.Select(t => index[corpus.Terms[t.Term]]).ToArray(),
                targets.Select(t => t.Weight).ToArray());
            if (name.StartsWith(WordPrefix, StringComparison.Ordinal))
            {
                words[name[WordPrefix.Length..]] = row;
            }
            else
            {
                bigrams[name[BigramPrefix.Length..]] = row;
            }
        }

        return new ExpansionModel(IndexFields.Words, options.MaxTerms, info, terms, words, bigrams, memory?.WithTerms(t => index[corpus.Terms[t]]));
    }

    /// <summary>Reports a sub-task's fraction under a stage name, synchronously (in order, unlike <see cref="Progress{T}"/>).</summary>
    private sealed class StageProgress(IProgress<(string Stage, double Fraction)> inner, string stage) : IProgress<double>
    {
        public void Report(double value) => inner.Report((stage, value));
    }

    /// <summary>Dense ids for feature strings.</summary>
    private sealed class FeatureIds
    {
        private readonly Dictionary<string, int> _ids = new(StringComparer.Ordinal);
        private readonly List<string> _names = [];

        public int IdOf(string name)
        {
            if (!_ids.TryGetValue(name, out var id))
            {
                id = _names.Count;
                _ids[name] = id;
                _names.Add(name);
            }

            return id;
        }

        public string NameOf(int id) => _names[id];
    }
}
