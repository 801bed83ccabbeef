using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Hosting.Export;

/// <summary>
/// The last check before text leaves the knowledge base: finds PII with <see cref="PiiDetector"/> and masks it with the
/// default <see cref="PiiPolicy"/>, counting what it masked. Governance masks at ingest; this catches what it missed.
/// </summary>
/// <remarks>Not thread-safe (the count); one per export.</remarks>
public sealed class PiiGuard
{
    /// <summary>Values masked so far.</summary>
    public int Masked { get; private set; }

    /// <summary><paramref name="text"/> with its PII masked (the same length; the same instance when there was none).</summary>
    public string Apply(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var matches = PiiDetector.Default.Find(text);
        if (matches.Count == 0)
        {
            return text;
        }

        var result = PiiMasker.Apply(text, matches, PiiPolicy.Default);
        Masked += result.Masked;
        return result.Text;
    }
}
