namespace Hunyu.Core.Security;

/// <summary>The identity a search or answer runs as; every retrieval takes one.</summary>
/// <param name="UserId">The user name.</param>
/// <param name="Groups">Groups the user belongs to.</param>
/// <param name="IsAdmin">Admins see every document.</param>
public sealed record Principal(string UserId, IReadOnlyList<string> Groups, bool IsAdmin = false)
{
    /// <summary>The local administrator the CLI and API run as until identity is configured.</summary>
    public static Principal LocalAdmin { get; } = new("admin", [], IsAdmin: true);

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
        other is not null && UserId == other.UserId && IsAdmin == other.IsAdmin && Groups.SequenceEqual(other.Groups);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(UserId, IsAdmin, Groups.Count);
}
