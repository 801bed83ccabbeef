namespace Hunyu.Models.Grounding;

/// <summary>What happens to a generated sentence its citations do not support.</summary>
public enum UnsupportedSentencePolicy
{
    /// <summary>The sentence is left out of the answer (the check still lists it).</summary>
    Remove,

    /// <summary>The sentence stays, without citation, marked <see cref="GroundingOptions.UnsupportedMark"/>.</summary>
    Flag,
}
