namespace Hunyu.Models.Safety;

/// <summary>What a screener found in one passage.</summary>
/// <param name="Reasons">The kinds of injection found (see <see cref="InjectionScreener"/>'s constants), each once; empty when clean.</param>
public sealed record InjectionVerdict(IReadOnlyList<string> Reasons)
{
    /// <summary>Nothing found.</summary>
    public static InjectionVerdict Clean { get; } = new([]);

    /// <summary>Whether anything was found.</summary>
    public bool Flagged => Reasons.Count > 0;
}
