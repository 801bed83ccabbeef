using System.Text.RegularExpressions;

namespace Hunyu.Core.Knowledge;

/// <summary>A named body of knowledge with its own index, e.g. <c>statutes</c> or <c>handbook</c>.</summary>
/// <param name="Name">Lower-case name, also the folder of its index.</param>
/// <param name="Kind">What kind of knowledge it holds.</param>
/// <param name="Weight">Relative weight when results of several domains are fused.</param>
/// <param name="Owner">The owning user of a personal domain; null for shared domains.</param>
/// <remarks>Names are unique in the installation, across tenants: a name is also the folder of the domain's index.</remarks>
public sealed partial record Domain(string Name, DomainKind Kind, double Weight = 1.0, string? Owner = null)
{
    /// <summary>The tenant the domain belongs to; only principals of this tenant see it.</summary>
    /// <value>The default is <see cref="Security.Principal.DefaultTenant"/>.</value>
    public string Tenant { get; init; } = Security.Principal.DefaultTenant;

    /// <summary>The domain used when none is named.</summary>
    public const string DefaultName = "default";

    /// <summary>Longest allowed domain name.</summary>
    public const int MaxNameLength = 64;

    /// <summary>What a valid domain name is, for error messages.</summary>
    public static readonly string NameRule = $"use 1-{MaxNameLength} characters of a-z, 0-9, '-' and '_'";

    /// <summary>Throws unless <paramref name="name"/> is a valid domain name.</summary>
    /// <exception cref="Errors.HunyuException">It is not (<c>invalid_argument</c>), naming the name and the rule.</exception>
    public static void EnsureValidName(string? name)
    {
        if (!IsValidName(name))
        {
            throw new Errors.HunyuException(Errors.ErrorCode.InvalidArgument, $"domain '{name}': {NameRule}");
        }
    }

    /// <summary>True when <paramref name="name"/> is a valid domain name: 1–64 of a-z, 0-9, '-' and '_', starting with a letter or digit.</summary>
    public static bool IsValidName(string? name) => name is { Length: > 0 and <= MaxNameLength } && NamePattern().IsMatch(name);

    /// <summary>
    /// The domain name a folder gives: lower-cased, every run of other characters turned into '-';
    /// null when nothing valid remains (e.g. a folder named only in Chinese).
    /// </summary>
    public static string? NameFromFolder(string folderName)
    {
        ArgumentNullException.ThrowIfNull(folderName);
        var name = NameBreaks().Replace(folderName.ToLowerInvariant(), "-").Trim('-');
        return IsValidName(name) ? name : null;
    }

    [GeneratedRegex("^[a-z0-9][a-z0-9_-]*$")]
    private static partial Regex NamePattern();

    [GeneratedRegex("[^a-z0-9_-]+")]
    private static partial Regex NameBreaks();
}
