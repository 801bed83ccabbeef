namespace Hunyu.Core.Security;

/// <summary>What an administrator's ACL rule guards; rules are inherited downward: domain, then source, then document.</summary>
public enum AclTargetKind
{
    /// <summary>Every document of a domain.</summary>
    Domain,

    /// <summary>Every document of a source.</summary>
    Source,

    /// <summary>One document.</summary>
    Document,
}
