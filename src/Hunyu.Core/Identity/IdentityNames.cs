using Hunyu.Core.Errors;

namespace Hunyu.Core.Identity;

/// <summary>The rule for tenant, user and group names: they appear in ACL entries (<c>user:NAME</c>) and audit entries.</summary>
public static class IdentityNames
{
    /// <summary>Longest name.</summary>
    public const int MaxLength = 64;

    /// <summary>The rule as users read it.</summary>
    public static readonly string Rule = $"use 1-{MaxLength} letters, digits, '.', '-', '_' or '@'";

    /// <summary>True when <paramref name="name"/> follows <see cref="Rule"/>.</summary>
    public static bool IsValid(string? name) =>
        name is { Length: > 0 and <= MaxLength } && name.All(c => char.IsLetterOrDigit(c) || c is '.' or '-' or '_' or '@');

    /// <summary>Throws unless <paramref name="name"/> is valid.</summary>
    /// <param name="kind">What the name names, e.g. <c>user</c>.</param>
    /// <param name="name">The name.</param>
    /// <exception cref="HunyuException">It is not (<c>invalid_argument</c>), naming the name and the rule.</exception>
    public static string EnsureValid(string kind, string? name) =>
        IsValid(name) ? name! : throw new HunyuException(ErrorCode.InvalidArgument, $"{kind} '{name}': {Rule}");
}
