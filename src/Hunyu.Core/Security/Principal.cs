namespace Hunyu.Core.Security;

/// <summary>The identity a search or answer runs as; every retrieval takes one.</summary>
/// <param name="UserId">The user name.</param>
/// <param name="Groups">Groups the user belongs to.</param>
/// <param name="IsAdmin">Admins see every document.</param>
public sealed record Principal(string UserId, IReadOnlyList<string> Groups, bool IsAdmin = false)
{
    /// <summary>The tenant of principals that name none (a single-tenant installation).</summary>
    public const string DefaultTenant = "default";

    private readonly PrincipalRole _role;

    /// <summary>The local administrator the CLI and API run as until identity is configured.</summary>
    public static Principal LocalAdmin { get; } = new("admin", [], IsAdmin: true);

    /// <summary>Admins see every document; the same as <see cref="Role"/> being <see cref="PrincipalRole.Admin"/>.</summary>
    public bool IsAdmin { get; init; } = IsAdmin;

    /// <summary>The tenant the principal belongs to.</summary>
    /// <value>The default is <see cref="DefaultTenant"/>.</value>
    public string Tenant { get; init; } = DefaultTenant;

    /// <summary>What the principal may do: <see cref="PrincipalRole.Admin"/> exactly when <see cref="IsAdmin"/>, otherwise reader unless set to editor.</summary>
    /// <remarks>Setting it sets <see cref="IsAdmin"/> too, so the two never disagree.</remarks>
    public PrincipalRole Role
    {
        get => IsAdmin ? PrincipalRole.Admin : _role;
        init
        {
            _role = value == PrincipalRole.Admin ? PrincipalRole.Reader : value;
            IsAdmin = value == PrincipalRole.Admin;
        }
    }

    /// <summary>A principal of <paramref name="tenant"/> with <paramref name="role"/>.</summary>
    public static Principal Create(string tenant, string userId, IReadOnlyList<string> groups, PrincipalRole role) =>
        new(userId, groups) { Tenant = tenant, Role = role };

    /// <summary>True when the principal's role is <paramref name="required"/> or above.</summary>
    public bool Has(PrincipalRole required) => Role >= required;

    /// <summary>The ACL entries that match this principal: <c>*</c>, <c>user:ID</c> and one <c>group:NAME</c> per group.</summary>
    public IReadOnlySet<string> AccessTokens()
    {
        var tokens = new HashSet<string>(StringComparer.Ordinal) { Acl.Everyone, "user:" + UserId };
        foreach (var group in Groups)
        {
            tokens.Add("group:" + group);
        }

        return tokens;
    }

    /// <inheritdoc />
    public bool Equals(Principal? other) =>
        other is not null && UserId == other.UserId && Tenant == other.Tenant && Role == other.Role && Groups.SequenceEqual(other.Groups);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserId, Tenant, Role, Groups.Count);
}
