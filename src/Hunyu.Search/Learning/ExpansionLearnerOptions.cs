using System.Globalization;
using Hunyu.Core.Errors;

namespace Hunyu.Search.Learning;

/// <summary>Settings of <see cref="ExpansionLearner"/>; the defaults are the ones measured in bench/results/learn.md.</summary>
public sealed class ExpansionLearnerOptions
{
    /// <summary>Default of <see cref="HoldOutFraction"/>: learn from every judged question.</summary>
    public const double DefaultHoldOutFraction = 0;

    /// <summary>Largest allowed <see cref="HoldOutFraction"/>.</summary>
    public const double MaxHoldOutFraction = 0.9;

    /// <summary>Default of <see cref="Seed"/>.</summary>
    public const int DefaultSeed = 20261201;

    /// <summary>Default of <see cref="Epochs"/>.</summary>
    public const int DefaultEpochs = 1;

    /// <summary>Default of <see cref="LearningRate"/>.</summary>
    public const double DefaultLearningRate = 0.03;

    /// <summary>Default of <see cref="Regularization"/>.</summary>
    public const double DefaultRegularization = 0.001;

    /// <summary>Default of <see cref="Candidates"/>.</summary>
    public const int DefaultCandidates = 100;

    /// <summary>Default of <see cref="MaxTerms"/>.</summary>
    public const int DefaultMaxTerms = 100;

    /// <summary>Default of <see cref="MaxTargetsPerSource"/>.</summary>
    public const int DefaultMaxTargetsPerSource = 300;

    /// <summary>Default of <see cref="MemoryWeight"/>.</summary>
    public const double DefaultMemoryWeight = 0.45;

    /// <summary>Default of <see cref="MemoryArticles"/>.</summary>
    public const int DefaultMemoryArticles = 3;

    /// <summary>Default of <see cref="SignatureTerms"/>.</summary>
    public const int DefaultSignatureTerms = 30;

    /// <summary>Share of the judged questions held out of training (0 to <see cref="MaxHoldOutFraction"/>), for an honest evaluation afterwards.</summary>
    /// <value>The default is 0.</value>
    public double HoldOutFraction { get; set; } = DefaultHoldOutFraction;

    /// <summary>Seed of the held-out split and of the training order; the same seed and data give the same model.</summary>
    public int Seed { get; set; } = DefaultSeed;

    /// <summary>Passes over the training questions (1–50).</summary>
    public int Epochs { get; set; } = DefaultEpochs;

    /// <summary>AdaGrad step size (0 to 1, exclusive of 0).</summary>
    public double LearningRate { get; set; } = DefaultLearningRate;

    /// <summary>L2 penalty on the weights (0 to 1).</summary>
    public double Regularization { get; set; } = DefaultRegularization;

    /// <summary>BM25 candidates per training question the relevant documents must beat (10–1,000).</summary>
    public int Candidates { get; set; } = DefaultCandidates;

    /// <summary>Most word-pair terms the model adds to one question (1–1,000); the memory adds up to <see cref="MemoryArticles"/> × <see cref="SignatureTerms"/> more.</summary>
    public int MaxTerms { get; set; } = DefaultMaxTerms;

    /// <summary>Heaviest targets kept per question feature when the model is saved (1–10,000); bounds the file size.</summary>
    public int MaxTargetsPerSource { get; set; } = DefaultMaxTargetsPerSource;

    /// <summary>Weight of the best-matching remembered document's signature (0 to 10; 0 learns no memory).</summary>
    /// <value>The default is 0.45.</value>
    public double MemoryWeight { get; set; } = DefaultMemoryWeight;

    /// <summary>Remembered documents whose signatures one question gets (1–20).</summary>
    public int MemoryArticles { get; set; } = DefaultMemoryArticles;

    /// <summary>Distinctive words kept per remembered document (1–500).</summary>
    public int SignatureTerms { get; set; } = DefaultSignatureTerms;

    /// <summary>Checks every setting against its allowed range.</summary>
    /// <exception cref="HunyuException">A setting is out of range (<c>invalid_argument</c>), naming it and the range.</exception>
    public void Validate()
    {
        Check(HoldOutFraction is >= 0 and <= MaxHoldOutFraction, "holdout", HoldOutFraction, $"0–{MaxHoldOutFraction}");
        Check(Epochs is >= 1 and <= 50, "epochs", Epochs, "1–50");
        Check(LearningRate is > 0 and <= 1, "learning-rate", LearningRate, "above 0, at most 1");
        Check(Regularization is >= 0 and <= 1, "regularization", Regularization, "0–1");
        Check(Candidates is >= 10 and <= 1000, "candidates", Candidates, "10–1000");
        Check(MaxTerms is >= 1 and <= 1000, "max-terms", MaxTerms, "1–1000");
        Check(MaxTargetsPerSource is >= 1 and <= 10_000, "max-targets", MaxTargetsPerSource, "1–10000");
        Check(MemoryWeight is >= 0 and <= 10, "memory-weight", MemoryWeight, "0–10");
        Check(MemoryArticles is >= 1 and <= 20, "memory-articles", MemoryArticles, "1–20");
        Check(SignatureTerms is >= 1 and <= 500, "signature-terms", SignatureTerms, "1–500");
    }

    private static void Check(bool valid, string name, double value, string allowed)
    {
        if (!valid)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{name}: {value.ToString(CultureInfo.InvariantCulture)}; allowed {allowed}");
        }
    }
}
