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

    /// <summary>A request refused before any endpoint ran (too large, from another origin); the target is the method and path.</summary>
    public const string RequestRefused = "request_refused";

    /// <summary>A sign-in or key use; the server records refusals (the detail says why, never the credential).</summary>
    public const string Login = "login";

    /// <summary>A user added or changed; the target is <c>user:NAME</c>, the detail the tenant, role and groups.</summary>
    public const string UserAdd = "user_add";

    /// <summary>A user removed (and their keys revoked).</summary>
    public const string UserRemove = "user_remove";

    /// <summary>A user disabled: their keys and tokens are refused until enabled again.</summary>
    public const string UserDisable = "user_disable";

    /// <summary>A user enabled again.</summary>
    public const string UserEnable = "user_enable";

    /// <summary>A group added.</summary>
    public const string GroupAdd = "group_add";

    /// <summary>A group removed.</summary>
    public const string GroupRemove = "group_remove";

    /// <summary>An API key issued; the target is the key id, the detail its user, scopes and expiry (never the key).</summary>
    public const string KeyAdd = "key_add";

    /// <summary>An API key revoked; the target is the key id.</summary>
    public const string KeyRevoke = "key_revoke";

    /// <summary>A request refused because the caller's role or key scope does not allow it; the target is the method and path.</summary>
    public const string Access = "access";

    /// <summary>
    /// A document read by id refused: it does not exist or the caller may not see it (another tenant's, another user's
    /// personal one, or its ACL), recorded alike; the target is the id. Reads that succeed are not recorded one by one.
    /// </summary>
    public const string Read = "read";

    /// <summary>The audit log itself read or verified.</summary>
    public const string AuditRead = "audit_read";
}
