namespace Hunyu.Core.Audit;

/// <summary>The actions Hunyu records; an action is any snake_case name, these are the ones it writes itself.</summary>
public static class AuditActions
{
    /// <summary>A search; the detail holds the query text, the domains and the returned document ids.</summary>
    public const string Search = "search";

    /// <summary>A question answered; the detail holds the question and the cited document ids.</summary>
    public const string Ask = "ask";

    /// <summary>An ingest of a source into a domain; the detail holds the source and the counts.</summary>
    public const string Ingest = "ingest";

    /// <summary>An export of data out of Hunyu.</summary>
    public const string Export = "export";

    /// <summary>A document deleted; the target is its id.</summary>
    public const string Delete = "delete";

    /// <summary>An ACL, user, group or key changed.</summary>
    public const string PermissionChange = "permission_change";

    /// <summary>A setting, domain or source definition changed.</summary>
    public const string ConfigChange = "config_change";

    /// <summary>A sign-in or key use.</summary>
    public const string Login = "login";

    /// <summary>The audit log itself read or verified.</summary>
    public const string AuditRead = "audit_read";
}
