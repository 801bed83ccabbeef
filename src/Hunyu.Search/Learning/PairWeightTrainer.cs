namespace Hunyu.Search.Learning;

/// <summary>
/// Learns non-negative weights W[f, t] from question features f to corpus words t so that
/// <c>base(q, d) + Σ_t (Σ_{f ∈ q} W[f, t]) · bm25_t(d)</c>, which is exactly the score Lucene gives a
/// question's query plus its expansion clauses, ranks the relevant documents above the BM25 candidates.
/// </summary>
/// <remarks>
/// The loss is listwise softmax cross-entropy per question (the relevant documents share the target mass),
/// minimised by AdaGrad with an L2 penalty, projected onto W ≥ 0 so every expansion clause is an ordinary
/// positive boost. W[f, t] exists only where t occurs in a relevant document of a training question with f,
/// which keeps the model sparse. Single-threaded and deterministic for a given seed.
/// </remarks>
internal sealed class PairWeightTrainer
{
    private const double Epsilon = 1e-8;

    /// <summary>Softmax coefficients below this do not update the weights (saves work, changes nothing measurable).</summary>
    private const double NegligibleCoefficient = 1e-6;

    private readonly IReadOnlyList<TrainingExample> _examples;
    private readonly Func<int, DocumentTerms> _termsOf;
    private readonly Dictionary<int, Dictionary<int, float>> _weights = [];
    private readonly Dictionary<int, Dictionary<int, float>> _squaredGradients = [];

    /// <summary>Sets up the (all-zero) weights supported by <paramref name="examples"/>.</summary>
    public PairWeightTrainer(IReadOnlyList<TrainingExample> examples, Func<int, DocumentTerms> termsOf)
    {
        _examples = examples;
        _termsOf = termsOf;
        foreach (var example in examples)
        {
            for (var k = 0; k < example.Candidates.Length; k++)
            {
                if (example.Targets[k] <= 0)
                {
                    continue;
                }

                var terms = termsOf(example.Candidates[k]).Terms;
                foreach (var source in example.Sources)
                {
                    if (!_weights.TryGetValue(source, out var row))
                    {
                        _weights[source] = row = [];
                        _squaredGradients[source] = [];
                    }

                    foreach (var term in terms)
                    {
                        row.TryAdd(term, 0f);
                        _squaredGradients[source].TryAdd(term, (float)Epsilon);
                    }
                }
            }
        }
    }

    /// <summary>The weights by source feature, then corpus word (zeros included).</summary>
    public IReadOnlyDictionary<int, Dictionary<int, float>> Weights => _weights;

    /// <summary>Runs <paramref name="epochs"/> passes over the examples in a seeded random order.</summary>
    public void Train(int epochs, double learningRate, double regularization, int seed, IProgress<double>? progress, CancellationToken cancellationToken)
    {
        var random = new SplitMix64(seed);
        var order = Enumerable.Range(0, _examples.Count).ToArray();
        var steps = (double)epochs * order.Length;
        for (var epoch = 0; epoch < epochs; epoch++)
        {
            for (var i = order.Length - 1; i > 0; i--)
            {
                var j = random.Next(i + 1);
                (order[i], order[j]) = (order[j], order[i]);
            }

            for (var i = 0; i < order.Length; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Step(_examples[order[i]], learningRate, regularization);
                if (i % 64 == 0)
                {
                    progress?.Report(((epoch * order.Length) + i) / steps);
                }
            }
        }
    }

    /// <summary>The summed weight of every corpus word for a question with <paramref name="sources"/> (positive entries only).</summary>
    public Dictionary<int, float> Expansion(IEnumerable<int> sources)
    {
        var expansion = new Dictionary<int, float>();
        foreach (var source in sources)
        {
            if (!_weights.TryGetValue(source, out var row))
            {
                continue;
            }

            foreach (var (term, weight) in row)
            {
                if (weight > 0)
                {
                    expansion[term] = expansion.GetValueOrDefault(term) + weight;
                }
            }
        }

        return expansion;
    }

    private void Step(TrainingExample example, double learningRate, double regularization)
    {
        var expansion = Expansion(example.Sources);
        var scores = new double[example.Candidates.Length];
        for (var k = 0; k < scores.Length; k++)
        {
            var document = _termsOf(example.Candidates[k]);
            double score = example.BaseScores[k];
            for (var m = 0; m < document.Terms.Length; m++)
            {
                if (expansion.TryGetValue(document.Terms[m], out var weight))
                {
                    score += weight * document.Weights[m];
                }
            }

            scores[k] = score;
        }

        var max = scores.Max();
        var partition = scores.Sum(s => Math.Exp(s - max));
        // d(loss)/d(expansion weight of t) = Σ_d (p_d − y_d) · bm25_t(d)
        var gradient = new Dictionary<int, double>();
        for (var k = 0; k < scores.Length; k++)
        {
            var coefficient = (Math.Exp(scores[k] - max) / partition) - example.Targets[k];
            if (Math.Abs(coefficient) < NegligibleCoefficient)
            {
                continue;
            }

            var document = _termsOf(example.Candidates[k]);
            for (var m = 0; m < document.Terms.Length; m++)
            {
                gradient[document.Terms[m]] = gradient.GetValueOrDefault(document.Terms[m]) + (coefficient * document.Weights[m]);
            }
        }

        foreach (var source in example.Sources)
        {
            if (!_weights.TryGetValue(source, out var row))
            {
                continue;
            }

            var squared = _squaredGradients[source];
            foreach (var (term, value) in gradient)
            {
                if (!row.TryGetValue(term, out var weight))
                {
                    continue;
                }

                var step = value + (regularization * weight);
                var accumulated = squared[term] + (step * step);
                squared[term] = (float)accumulated;
                row[term] = (float)Math.Max(0, weight - (learningRate * step / Math.Sqrt(accumulated)));
            }
        }
    }
}

/// <summary>One training question: its feature ids, BM25 candidates (record ordinals) with base scores, and target distribution.</summary>
internal sealed record TrainingExample(string QueryId, int[] Sources, int[] Candidates, float[] BaseScores, double[] Targets);
