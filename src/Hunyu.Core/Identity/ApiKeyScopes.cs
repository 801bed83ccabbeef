using Hunyu.Core.Errors;
using Hunyu.Core.Security;

namespace Hunyu.Core.Identity;

/// <summary>
/// What an API key may be used for: <c>read</c> (search, ask, read), <c>write</c> (also ingest, delete, notes, sources)
/// and <c>admin</c> (everything). A key acts with its user's role capped at its highest scope.
/// </summary>
public static class ApiKeyScopes
{
    /// <summary>Search, ask and read.</summary>
    public const string Read = "read";

    /// <summary>Also change content: ingest, delete, notes, domains and sources.</summary>
    public const string Write = "write";

    /// <summary>Everything the user may do, administration included.</summary>
    public const string Admin = "admin";

    /// <summary>The scopes in order of what they allow.</summary>
    public static IReadOnlyList<string> All { get; } = [Read, Write, Admin];

    /// <summary>The distinct scopes of <paramref name="scopes"/> in canonical order; <c>read</c> when none are given.</summary>
    /// <exception cref="HunyuException">A scope is not read, write or admin (<c>invalid_argument</c>).</exception>
    public static IReadOnlyList<string> Normalize(IEnumerable<string>? scopes)
    {
        var given = (scopes ?? []).Select(s => s?.Trim().ToLowerInvariant() ?? string.Empty).ToList();
        foreach (var scope in given.Where(s => !All.Contains(s)))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"scope '{scope}': use {string.Join(", ", All)}");
        }

        return given.Count == 0 ? [Read] : [.. All.Where(given.Contains)];
    }

    /// <summary>The highest role <paramref name="scopes"/> allow.</summary>
    public static PrincipalRole Cap(IEnumerable<string> scopes)
    {
        ArgumentNullException.ThrowIfNull(scopes);
        var set = scopes.ToHashSet(StringComparer.Ordinal);
        return set.Contains(Admin) ? PrincipalRole.Admin : set.Contains(Write) ? PrincipalRole.Editor : PrincipalRole.Reader;
    }
}
