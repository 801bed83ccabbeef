using System.Security.Claims;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Hunyu.Server.Identity;

/// <summary>
/// Works out who a request is (<see cref="RequestIdentity"/>): an API key or a JWT in <c>Authorization: Bearer</c>, or the
/// local administrator while no identity is configured. It refuses nothing itself: the rate limiter runs next (so failed
/// attempts are limited by client address) and <see cref="AccessMiddleware"/> answers refusals.
/// </summary>
internal sealed class IdentityMiddleware(RequestDelegate next, KnowledgeBase knowledge, IdentityMode mode, IOptions<JwtOptions> jwt)
{
    private const string BearerPrefix = "Bearer ";

    private static readonly string[] PublicPrefixes = ["/health", "/openapi", "/scalar"];

    /// <summary>Handles one request.</summary>
    public async Task InvokeAsync(HttpContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        context.Features.Set(await IdentifyAsync(context));
        await next(context);
    }

    /// <summary>True for paths anyone may call: health probes and the API description (they hold no data).</summary>
    public static bool IsPublic(PathString path) =>
        path == "/" || PublicPrefixes.Any(prefix => path.StartsWithSegments(prefix, StringComparison.OrdinalIgnoreCase));

    private async Task<RequestIdentity> IdentifyAsync(HttpContext context)
    {
        if (IsPublic(context.Request.Path))
        {
            return RequestIdentity.Public;
        }

        string authorization = context.Request.Headers.Authorization.ToString();
        if (authorization.Length == 0)
        {
            return await mode.IsRequiredAsync(context.RequestAborted)
                ? RequestIdentity.Refused(RequestIdentity.AnonymousScheme, "missing", "this server requires authentication: send Authorization: Bearer <API key or token>")
                : new RequestIdentity(Principal.LocalAdmin, RequestIdentity.AnonymousScheme);
        }

        // SECURITY: credentials that are presented are always checked, even while anonymous requests are allowed.
        if (!authorization.StartsWith(BearerPrefix, StringComparison.OrdinalIgnoreCase))
        {
            return RequestIdentity.Refused(RequestIdentity.AnonymousScheme, "unsupported_scheme", "Authorization: use the Bearer scheme with an API key or token");
        }

        var credential = authorization[BearerPrefix.Length..].Trim();
        if (ApiKeyText.LooksLikeKey(credential))
        {
            var checkedKey = await knowledge.AuthenticateApiKeyAsync(credential, context.RequestAborted);
            return checkedKey.Principal is { } principal
                ? new RequestIdentity(principal, RequestIdentity.ApiKeyScheme, checkedKey.KeyId)
                : RequestIdentity.Refused(RequestIdentity.ApiKeyScheme, checkedKey.Failure!, "the API key is not valid (unknown, revoked or expired)", checkedKey.KeyId);
        }

        if (!mode.JwtConfigured)
        {
            return RequestIdentity.Refused(RequestIdentity.JwtScheme, "no_issuer", "the bearer credential is not a Hunyu API key, and no token issuer is configured (Hunyu:Identity:Jwt)");
        }

        var result = await context.AuthenticateAsync(JwtBearerDefaults.AuthenticationScheme);
        if (!result.Succeeded)
        {
            var reason = Reason(result.Failure);
            return RequestIdentity.Refused(RequestIdentity.JwtScheme, reason, $"the bearer token is not valid ({reason.Replace('_', ' ')})");
        }

        var identity = FromClaims(result.Principal, jwt.Value);

        // SECURITY: a stored user who is disabled is refused although the issuer still vouches for the token.
        return identity.Principal is { } tokenUser && await knowledge.TokenRefusalAsync(tokenUser, context.RequestAborted) is { } refusal
            ? RequestIdentity.Refused(RequestIdentity.JwtScheme, refusal, "the bearer token's user is disabled in this tenant")
            : identity;
    }

    /// <summary>The principal a validated token names, or a refusal when its claims do not name a valid user, tenant or group.</summary>
    internal static RequestIdentity FromClaims(ClaimsPrincipal claims, JwtOptions options)
    {
        var user = options.EffectiveUserClaims.Select(name => claims.FindFirst(name)?.Value).FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
        var tenant = claims.FindFirst(options.TenantClaim)?.Value ?? Principal.DefaultTenant;
        string[] groups = [.. claims.FindAll(options.GroupsClaim).Select(c => c.Value).Distinct(StringComparer.Ordinal)];
        var role = PrincipalRole.Reader;
        foreach (var value in options.EffectiveRoleClaims.SelectMany(name => claims.FindAll(name)).Select(c => c.Value))
        {
            if (PrincipalRoles.TryParse(value, out var named) && named > role)
            {
                role = named;
            }
        }

        if (!IdentityNames.IsValid(user) || !IdentityNames.IsValid(tenant) || !groups.All(IdentityNames.IsValid))
        {
            return RequestIdentity.Refused(
                RequestIdentity.JwtScheme,
                "invalid_claims",
                $"the token's user, tenant or group claims are missing or not valid names ({IdentityNames.Rule})");
        }

        return new RequestIdentity(Principal.Create(tenant, user!, groups, role), RequestIdentity.JwtScheme);
    }

    /// <summary>A short reason for a refused token; never the token.</summary>
    private static string Reason(Exception? failure) => failure switch
    {
        SecurityTokenExpiredException => "expired",
        SecurityTokenNotYetValidException => "not_yet_valid",
        SecurityTokenNoExpirationException => "no_expiry",
        SecurityTokenInvalidAudienceException => "wrong_audience",
        SecurityTokenInvalidIssuerException => "wrong_issuer",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => "bad_signature",
        SecurityTokenMalformedException or ArgumentException => "malformed",
        null => "no_token",
        _ => "invalid_token",
    };
}
