using Hunyu.Core.Errors;

namespace Hunyu.Server.Errors;

/// <summary>Maps bare HTTP statuses onto the stable codes of <see cref="ErrorCode"/>.</summary>
internal static class ServerErrorCodes
{
    /// <summary>The code for a bare status (an unknown route, a rejected request), when no exception says more.</summary>
    public static ErrorCode? ForStatus(int status) => status switch
    {
        400 => ErrorCode.InvalidArgument,
        401 => ErrorCode.Unauthenticated,
        403 => ErrorCode.CrossOriginForbidden,
        404 => ErrorCode.NotFound,
        405 => ErrorCode.MethodNotAllowed,
        413 => ErrorCode.TooLarge,
        415 => ErrorCode.UnsupportedFormat,
        429 => ErrorCode.RateLimited,
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
