namespace Hunyu.Text.Sentences;

/// <summary>A sentence as a range of the text it was found in.</summary>
/// <param name="Start">Offset of the sentence's first character.</param>
/// <param name="Length">Number of characters; always at least 1.</param>
public readonly record struct SentenceSpan(int Start, int Length)
{
    /// <summary>Exclusive end offset: <see cref="Start"/> + <see cref="Length"/>.</summary>
    public int End => Start + Length;
}
