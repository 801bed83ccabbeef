namespace Hunyu.Models.Safety;

/// <summary>Screens a retrieved passage for text aimed at the model that reads it (prompt injection).</summary>
public interface IInjectionScreener
{
    /// <summary>What in <paramref name="text"/> looks like an instruction to a model; <see cref="InjectionVerdict.Clean"/> when nothing.</summary>
    InjectionVerdict Screen(string text);
}
