namespace Hunyu.Models.Grounding;

/// <summary>Settings of grounded answers (<c>Hunyu:Grounding</c>): the prompt's evidence and the citation check.</summary>
public sealed class GroundingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Grounding";

    /// <summary>What a flagged sentence ends with instead of a citation.</summary>
    public const string UnsupportedMark = "[?]";

    /// <summary>What a model answers when the passages do not hold the answer (the prompt asks for it).</summary>
    public const string NotFoundToken = "NOT_FOUND";

    /// <summary>Unsupported, uncited and wrongly cited sentences are removed (default) or flagged.</summary>
    public UnsupportedSentencePolicy UnsupportedSentences { get; set; } = UnsupportedSentencePolicy.Remove;

    /// <summary>Share of a claim's content words (jieba words without stop words) its cited passages must contain.</summary>
    /// <value>The default is 0.6.</value>
    public double MinWordSupport { get; set; } = 0.6;

    /// <summary>Share of a Chinese claim's character bigrams its cited passages must contain.</summary>
    /// <value>The default is 0.5.</value>
    public double MinBigramSupport { get; set; } = 0.5;

    /// <summary>Passages put in the prompt, best first.</summary>
    /// <value>The default is 6.</value>
    public int MaxPassages { get; set; } = 6;

    /// <summary>Tokens of one passage in the prompt; longer passages are cut at a sentence end.</summary>
    /// <value>The default is 600.</value>
    public int MaxPassageTokens { get; set; } = 600;

    /// <summary>Most tokens the model may generate.</summary>
    /// <value>The default is 800.</value>
    public int MaxOutputTokens { get; set; } = 800;

    /// <summary>Most sentences the prompt asks for.</summary>
    /// <value>The default is 5.</value>
    public int MaxSentences { get; set; } = 5;
}
