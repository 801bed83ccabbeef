using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;

namespace Hunyu.Storage.Sqlite;

/// <summary>Maps <see cref="DomainKind"/> to the stable lower-case text stored in <c>domains.kind</c>.</summary>
internal static class DomainKindText
{
    /// <summary>The stored text of a kind.</summary>
    public static string Format(DomainKind kind) => kind switch
    {
        DomainKind.Personal => "personal",
        DomainKind.Enterprise => "enterprise",
        DomainKind.Business => "business",
        DomainKind.Industry => "industry",
        DomainKind.Internet => "internet",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown domain kind"),
    };

    /// <summary>The kind of stored text; a value this version does not know means the catalog is not readable by it.</summary>
    public static DomainKind Parse(string text) => text switch
    {
        "personal" => DomainKind.Personal,
        "enterprise" => DomainKind.Enterprise,
        "business" => DomainKind.Business,
        "industry" => DomainKind.Industry,
        "internet" => DomainKind.Internet,
        _ => throw new HunyuException(ErrorCode.StoreUnavailable, $"the catalog holds domain kind '{text}', which this Hunyu does not know"),
    };
}
