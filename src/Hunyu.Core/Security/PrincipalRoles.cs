using Hunyu.Core.Errors;

namespace Hunyu.Core.Security;

/// <summary>The text form of a role, as stored, configured and typed: <c>reader</c>, <c>editor</c>, <c>admin</c>.</summary>
public static class PrincipalRoles
{
    /// <summary>The text of <paramref name="role"/>.</summary>
    public static string Format(PrincipalRole role) => role switch
    {
        PrincipalRole.Reader => "reader",
        PrincipalRole.Editor => "editor",
        PrincipalRole.Admin => "admin",
        _ => throw new ArgumentOutOfRangeException(nameof(role), role, "unknown role"),
    };

    /// <summary>The role named <paramref name="text"/> (case-insensitive); false when it names none.</summary>
    public static bool TryParse(string? text, out PrincipalRole role)
    {
        switch (text?.Trim().ToLowerInvariant())
        {
            case "reader":
                role = PrincipalRole.Reader;
                return true;
            case "editor":
                role = PrincipalRole.Editor;
                return true;
            case "admin":
                role = PrincipalRole.Admin;
                return true;
            default:
                role = PrincipalRole.Reader;
                return false;
        }
    }

    /// <summary>The role named <paramref name="text"/>.</summary>
    /// <exception cref="HunyuException">It names no role (<c>invalid_argument</c>).</exception>
    public static PrincipalRole Parse(string? text) =>
        TryParse(text, out var role) ? role : throw new HunyuException(ErrorCode.InvalidArgument, $"role '{text}': use reader, editor or admin");
}
