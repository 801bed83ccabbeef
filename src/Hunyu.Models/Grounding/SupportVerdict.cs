namespace Hunyu.Models.Grounding;

/// <summary>What the citation check found for one sentence of a generated answer.</summary>
public enum SupportVerdict
{
    /// <summary>The cited passages contain the sentence's words, numbers and names.</summary>
    Supported,

    /// <summary>The sentence cites passages that do not say what it claims (words, a number or a name missing).</summary>
    Unsupported,

    /// <summary>The sentence makes a claim and cites nothing.</summary>
    Uncited,

    /// <summary>The sentence cites only passages that do not exist (e.g. [9] of 3).</summary>
    InvalidCitation,

    /// <summary>The sentence and its passages are in different scripts, so only numbers and Latin names could be checked; they matched.</summary>
    Unverifiable,

    /// <summary>No claim to check: punctuation, a bare heading or a connective without content words.</summary>
    NotAClaim,
}
