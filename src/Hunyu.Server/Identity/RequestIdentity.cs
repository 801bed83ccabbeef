using Hunyu.Core.Security;

namespace Hunyu.Server.Identity;

/// <summary>Who a request authenticated as, or why it did not; set once per request by <see cref="IdentityMiddleware"/>.</summary>
/// <param name="Principal">The principal; null when authentication failed or the path is public.</param>
/// <param name="Scheme">How: <c>anonymous</c> (no identity configured), <c>api_key</c>, <c>jwt</c> or <c>public</c>.</param>
/// <param name="KeyId">The API key's id, when a key was presented and had one.</param>
/// <param name="Failure">Why authentication failed (for the audit entry, never the credential); null when it did not.</param>
/// <param name="Detail">What the caller is told about the failure.</param>
internal sealed record RequestIdentity(Principal? Principal, string Scheme, string? KeyId = null, string? Failure = null, string? Detail = null)
{
    /// <summary>The scheme of requests to public paths (health, API description).</summary>
    public const string PublicScheme = "public";

    /// <summary>The scheme of requests run as the local administrator because no identity is configured.</summary>
    public const string AnonymousScheme = "anonymous";

    /// <summary>The scheme of requests authenticated by an API key.</summary>
    public const string ApiKeyScheme = "api_key";

    /// <summary>The scheme of requests authenticated by a JWT.</summary>
    public const string JwtScheme = "jwt";

    /// <summary>A request to a public path.</summary>
    public static RequestIdentity Public { get; } = new(null, PublicScheme);

    /// <summary>True for a request to a public path.</summary>
    public bool IsPublic => Scheme == PublicScheme;

    /// <summary>A refusal.</summary>
    public static RequestIdentity Refused(string scheme, string failure, string detail, string? keyId = null) => new(null, scheme, keyId, failure, detail);
}
