using Hunyu.Core.Errors;

namespace Hunyu.Core.Security;

/// <summary>
/// Who may see a document: entries are <c>*</c> (everyone), <c>user:NAME</c> or <c>group:NAME</c>.
/// A deny entry wins over an allow entry. The ACL is indexed with every chunk and applied inside retrieval.
/// </summary>
/// <param name="Allow">Entries granted access.</param>
/// <param name="Deny">Entries refused access even when allowed.</param>
public sealed record Acl(IReadOnlyList<string> Allow, IReadOnlyList<string> Deny)
{
    /// <summary>The entry that matches every principal.</summary>
    public const string Everyone = "*";

    /// <summary>Visible to every principal.</summary>
    public static Acl Public { get; } = new([Everyone], []);

    /// <summary>The ACL of the given entries; no allow entry means everyone.</summary>
    /// <exception cref="HunyuException">An entry is not <c>*</c>, <c>user:NAME</c> or <c>group:NAME</c> (<c>invalid_argument</c>).</exception>
    public static Acl From(IReadOnlyList<string>? allow, IReadOnlyList<string>? deny)
    {
        IReadOnlyList<string> allowed = allow is { Count: > 0 } ? [.. allow] : [Everyone];
        IReadOnlyList<string> denied = deny is null ? [] : [.. deny];
        foreach (var entry in allowed.Concat(denied))
        {
            if (entry is null || !IsValidEntry(entry))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"ACL entry '{entry}': use '*', user:NAME or group:NAME");
            }
        }

        return new Acl(allowed, denied);
    }

    /// <summary>True when the allow list is the default, <c>*</c> alone: below a rule it means "inherit the allow list".</summary>
    public bool AllowsEveryone => Allow is [Everyone];

    /// <summary>True when <paramref name="principal"/> may see what this ACL guards.</summary>
    public bool Permits(Principal principal)
    {
        ArgumentNullException.ThrowIfNull(principal);
        if (principal.IsAdmin)
        {
            return true;
        }

        var tokens = principal.AccessTokens();
        return Allow.Any(tokens.Contains) && !Deny.Any(tokens.Contains);
    }

    /// <summary>True when <paramref name="entry"/> is <c>*</c>, <c>user:NAME</c> or <c>group:NAME</c> with a non-empty name.</summary>
    /// <remarks>Control characters are refused: the index separates entries with them (see the search layer's ACL value).</remarks>
    public static bool IsValidEntry(string entry) =>
        !entry.Any(char.IsControl) && (entry == Everyone
        || (entry.StartsWith("user:", StringComparison.Ordinal) && entry.Length > 5)
        || (entry.StartsWith("group:", StringComparison.Ordinal) && entry.Length > 6));

    /// <inheritdoc />
    public bool Equals(Acl? other) => other is not null && Allow.SequenceEqual(other.Allow) && Deny.SequenceEqual(other.Deny);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(string.Join(',', Allow), string.Join(',', Deny));
}
