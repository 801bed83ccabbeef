namespace Hunyu.Core.Security;

/// <summary>What a principal may do; each role includes the ones before it.</summary>
public enum PrincipalRole
{
    /// <summary>Searches, asks and reads what its ACLs allow.</summary>
    Reader = 0,

    /// <summary>Also ingests, deletes, and manages notes, domains and sources.</summary>
    Editor = 1,

    /// <summary>Everything: sees every shared document, reads the audit log, administers identities.</summary>
    Admin = 2,
}
