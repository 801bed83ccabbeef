namespace Hunyu.Core.Errors;

/// <summary>
/// A stable, documented error: a snake_case code for scripts, the HTTP status the API answers with
/// and the exit code the CLI ends with. All codes live in this one table.
/// </summary>
public sealed record ErrorCode(string Code, int HttpStatus, int ExitCode)
{
    /// <summary>The query is empty or blank.</summary>
    public static readonly ErrorCode InvalidQuery = new("invalid_query", 400, 2);

    /// <summary>The query is longer than allowed.</summary>
    public static readonly ErrorCode QueryTooLong = new("query_too_long", 413, 2);

    /// <summary>An argument or request field is invalid.</summary>
    public static readonly ErrorCode InvalidArgument = new("invalid_argument", 400, 2);

    /// <summary>A path given to read does not exist.</summary>
    public static readonly ErrorCode PathNotFound = new("path_not_found", 404, 3);

    /// <summary>A document, domain or source does not exist (or is not visible).</summary>
    public static readonly ErrorCode NotFound = new("not_found", 404, 3);

    /// <summary>A file or upload is larger than the limit.</summary>
    public static readonly ErrorCode TooLarge = new("too_large", 413, 2);

    /// <summary>The file's format has no parser.</summary>
    public static readonly ErrorCode UnsupportedFormat = new("unsupported_format", 415, 2);

    /// <summary>The file could not be parsed (corrupt, truncated, undecodable).</summary>
    public static readonly ErrorCode CorruptInput = new("corrupt_input", 422, 2);

    /// <summary>The file holds no text.</summary>
    public static readonly ErrorCode EmptyInput = new("empty_input", 422, 2);

    /// <summary>Some items of a batch failed; the rest succeeded.</summary>
    public static readonly ErrorCode PartialFailure = new("partial_failure", 207, 4);

    /// <summary>The data directory or index cannot be opened.</summary>
    public static readonly ErrorCode StoreUnavailable = new("store_unavailable", 503, 5);

    /// <summary>A browser page of another origin tried to change state (HTTP only).</summary>
    public static readonly ErrorCode CrossOriginForbidden = new("cross_origin_forbidden", 403, 2);

    /// <summary>The HTTP method is not allowed on the resource (HTTP only).</summary>
    public static readonly ErrorCode MethodNotAllowed = new("method_not_allowed", 405, 2);

    /// <summary>A source did not answer usefully: refused connection, unknown host, HTTP 5xx/401/403/429.</summary>
    public static readonly ErrorCode SourceUnavailable = new("source_unavailable", 503, 5);

    /// <summary>A model endpoint (embeddings, rerank, chat) did not answer usefully: refused connection, HTTP error, or an answer that breaks its protocol.</summary>
    public static readonly ErrorCode ModelUnavailable = new("model_unavailable", 503, 5);

    /// <summary>SECURITY (SSRF): the URL's host is, or resolves to, an address that must not be reached.</summary>
    public static readonly ErrorCode AddressNotAllowed = new("address_not_allowed", 403, 2);

    /// <summary>A source or domain did not answer in time.</summary>
    public static readonly ErrorCode Timeout = new("timeout", 504, 6);

    /// <summary>The caller may not do this (e.g. read the audit log without being an administrator).</summary>
    public static readonly ErrorCode Forbidden = new("forbidden", 403, 2);

    /// <summary>The request carries no valid credentials: a missing, malformed, unknown, revoked or expired key or token (HTTP only).</summary>
    public static readonly ErrorCode Unauthenticated = new("unauthenticated", 401, 2);

    /// <summary>The caller sent more requests than its rate limit allows; retry after the time the response names.</summary>
    public static readonly ErrorCode RateLimited = new("rate_limited", 429, 5);

    /// <summary>The audit log's hash chain does not hold: an entry was edited, deleted, inserted or reordered.</summary>
    public static readonly ErrorCode AuditBroken = new("audit_broken", 409, 7);

    /// <summary>An unexpected failure; details are in the log.</summary>
    public static readonly ErrorCode Internal = new("internal_error", 500, 1);

    /// <summary>Every code, for documentation and lookups.</summary>
    public static IReadOnlyList<ErrorCode> All { get; } =
        [InvalidQuery, QueryTooLong, InvalidArgument, PathNotFound, NotFound, TooLarge, UnsupportedFormat, CorruptInput, EmptyInput, PartialFailure, StoreUnavailable, CrossOriginForbidden, MethodNotAllowed, SourceUnavailable, AddressNotAllowed, ModelUnavailable, Timeout, Forbidden, Unauthenticated, RateLimited, AuditBroken, Internal];
}
