using Hunyu.Core.Errors;

namespace Hunyu.Core.Security;

/// <summary>The domain, source or document an ACL rule is set on, written <c>domain:NAME</c>, <c>source:ID</c> or <c>document:ID</c>.</summary>
/// <param name="Kind">Domain, source or document.</param>
/// <param name="Name">The domain name, source id or document id.</param>
public sealed record AclTarget(AclTargetKind Kind, string Name)
{
    /// <summary>The accepted forms, for error messages.</summary>
    public const string Forms = "domain:NAME, source:ID or document:ID";

    /// <summary>Parses <c>KIND:NAME</c>.</summary>
    /// <exception cref="HunyuException"><c>invalid_argument</c> for any other form.</exception>
    public static AclTarget Parse(string text)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (colon > 0 && colon < text!.Length - 1 && TryKind(text[..colon], out var kind))
        {
            return new AclTarget(kind, text[(colon + 1)..]);
        }

        throw new HunyuException(ErrorCode.InvalidArgument, $"ACL target '{text}': use {Forms}");
    }

    /// <summary>The kind's name as written in targets and output (<c>domain</c>, <c>source</c>, <c>document</c>).</summary>
    public static string KindName(AclTargetKind kind) => kind switch
    {
        AclTargetKind.Domain => "domain",
        AclTargetKind.Source => "source",
        _ => "document",
    };

    /// <summary>Parses a kind name.</summary>
    public static bool TryKind(string name, out AclTargetKind kind)
    {
        foreach (var candidate in Enum.GetValues<AclTargetKind>())
        {
            if (string.Equals(KindName(candidate), name, StringComparison.OrdinalIgnoreCase))
            {
                kind = candidate;
                return true;
            }
        }

        kind = default;
        return false;
    }

    /// <inheritdoc />
    public override string ToString() => KindName(Kind) + ":" + Name;
}
