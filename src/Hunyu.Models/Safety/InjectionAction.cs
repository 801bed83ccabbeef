namespace Hunyu.Models.Safety;

/// <summary>What happens to a passage the screener flags (<c>Hunyu:Security:Injection:Action</c>).</summary>
public enum InjectionAction
{
    /// <summary>The passage is withheld from the evidence any answerer sees, for everyone; administrators are told.</summary>
    Quarantine,

    /// <summary>The passage is given to the model wrapped as quoted data, with the instruction never to follow it.</summary>
    Quote,

    /// <summary>Passages are not screened.</summary>
    Off,
}
