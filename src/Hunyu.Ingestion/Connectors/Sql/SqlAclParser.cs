using Hunyu.Core.Security;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>
/// Reads a row's ACL column: entries separated by <c>;</c> or <c>,</c>, each <c>*</c>, <c>user:NAME</c> or
/// <c>group:NAME</c>; a leading <c>!</c> makes an entry a deny. Anything else fails the row (closed, never public).
/// </summary>
internal static class SqlAclParser
{
    private static readonly char[] Separators = [';', ','];

    /// <summary>Parses <paramref name="value"/>; false with the reason when an entry is invalid or nothing is allowed.</summary>
    public static bool TryParse(string value, out Acl acl, out string? error)
    {
        var allow = new List<string>();
        var deny = new List<string>();
        foreach (var raw in value.Split(Separators, StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var isDeny = raw.StartsWith('!');
            var entry = isDeny ? raw[1..].Trim() : raw;
            if (!Acl.IsValidEntry(entry))
            {
                acl = Acl.Public;
                error = $"ACL entry '{raw}' is not *, user:NAME or group:NAME (prefix ! to deny)";
                return false;
            }

            var list = isDeny ? deny : allow;
            if (!list.Contains(entry, StringComparer.Ordinal))
            {
                list.Add(entry);
            }
        }

        if (allow.Count == 0)
        {
            acl = Acl.Public;
            error = "the ACL allows no one (give at least one user:, group: or * entry)";
            return false;
        }

        acl = new Acl(allow, deny);
        error = null;
        return true;
    }
}
