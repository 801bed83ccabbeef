using System.Text;
using Hunyu.Core.Security;

namespace Hunyu.Search.Lucene;

/// <summary>
/// The effective ACL of a chunk as the bytes of its <see cref="IndexFields.Access"/> doc value: UTF-8 allow entries
/// separated by <c>\n</c>, a <c>\0</c>, then the deny entries. ACL entries hold no control characters, so the
/// separators are unambiguous.
/// </summary>
public static class AclValue
{
    private const char EntrySeparator = '\n';
    private const char ListSeparator = '\0';

    /// <summary>The doc-value bytes of <paramref name="acl"/>.</summary>
    public static byte[] Encode(Acl acl)
    {
        ArgumentNullException.ThrowIfNull(acl);
        return Encoding.UTF8.GetBytes(string.Join(EntrySeparator, acl.Allow) + ListSeparator + string.Join(EntrySeparator, acl.Deny));
    }

    /// <summary>
    /// True when the ACL in <paramref name="value"/> (decoded into <paramref name="scratch"/>) admits a principal with
    /// <paramref name="tokens"/>: some allow entry is a token and no deny entry is. An empty value admits no one.
    /// </summary>
    public static bool Permits(ReadOnlySpan<byte> value, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> tokens, Span<char> scratch)
    {
        var length = Encoding.UTF8.GetChars(value, scratch);
        ReadOnlySpan<char> text = scratch[..length];
        var split = text.IndexOf(ListSeparator);
        if (split < 0)
        {
            return false;
        }

        return AnyIn(text[..split], tokens) && !AnyIn(text[(split + 1)..], tokens);
    }

    private static bool AnyIn(ReadOnlySpan<char> entries, HashSet<string>.AlternateLookup<ReadOnlySpan<char>> tokens)
    {
        foreach (var range in entries.Split(EntrySeparator))
        {
            if (tokens.Contains(entries[range]))
            {
                return true;
            }
        }

        return false;
    }
}
