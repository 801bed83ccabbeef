using Hunyu.Core.Errors;

namespace Hunyu.Server.Errors;

/// <summary>Error codes only the HTTP host produces; everything else comes from <see cref="ErrorCode"/>.</summary>
internal static class ServerErrorCodes
{
    /// <summary>A state-changing request from another web origin (cross-site request forgery guard).</summary>
    // COMPAT: not in Core's table because only the HTTP host can tell; move it there when identity lands.
    public static readonly ErrorCode CrossOrigin = new("cross_origin_forbidden", 403, 2);

    /// <summary>The route exists but not for this HTTP method.</summary>
    public static readonly ErrorCode MethodNotAllowed = new("method_not_allowed", 405, 2);

    /// <summary>The code for a bare status (an unknown route, a rejected request), when no exception says more.</summary>
    public static ErrorCode? ForStatus(int status) => status switch
    {
        400 => ErrorCode.InvalidArgument,
        403 => CrossOrigin,
        404 => ErrorCode.NotFound,
        405 => MethodNotAllowed,
        413 => ErrorCode.TooLarge,
        415 => ErrorCode.UnsupportedFormat,
        500 => ErrorCode.Internal,
        503 => ErrorCode.StoreUnavailable,
        _ => null,
    };

    /// <summary>A short human title for a code: <c>invalid_query</c> → "Invalid query".</summary>
    public static string Title(ErrorCode error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var words = error.Code.Replace('_', ' ');
        return words.Length == 0 ? "Error" : char.ToUpperInvariant(words[0]) + words[1..];
    }
}
