using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;

namespace Hunyu.Server.Identity;

/// <summary>Adds authentication (API keys, JWT bearer), role checks and rate limits to the server.</summary>
internal static class IdentityServiceExtensions
{
    /// <summary>Registers the identity services and their settings (<c>Hunyu:Identity:Jwt</c>, <c>Hunyu:Server:RateLimit</c>).</summary>
    public static IServiceCollection AddHunyuIdentity(this IServiceCollection services)
    {
        services.AddOptionsWithValidateOnStart<JwtOptions, IdentityOptionsValidator>().BindConfiguration(JwtOptions.Section);
        services.AddOptionsWithValidateOnStart<RateLimitOptions, IdentityOptionsValidator>().BindConfiguration(RateLimitOptions.Section);
        services.AddSingleton<IdentityMode>();
        services.AddHostedService<IdentityStartupLog>();
        services.AddAuthentication().AddJwtBearer();
        services.AddOptions<JwtBearerOptions>(JwtBearerDefaults.AuthenticationScheme).Configure<IOptions<JwtOptions>>((bearer, configured) =>
        {
            var jwt = configured.Value;
            if (!jwt.Configured)
            {
                return;
            }

            // Claim names stay as the issuer wrote them ("groups", "preferred_username"), not mapped to SOAP URIs.
            bearer.MapInboundClaims = false;
            bearer.Authority = string.IsNullOrWhiteSpace(jwt.Authority) ? null : jwt.Authority;
            bearer.RequireHttpsMetadata = jwt.RequireHttpsMetadata;
            bearer.TokenValidationParameters = new TokenValidationParameters
            {
                ValidateIssuer = true,
                ValidIssuer = string.IsNullOrWhiteSpace(jwt.Issuer) ? null : jwt.Issuer,
                ValidateAudience = true,
                ValidAudience = jwt.Audience,
                ValidateLifetime = true,
                RequireExpirationTime = true,
                RequireSignedTokens = true,
                ValidateIssuerSigningKey = true,
                IssuerSigningKeys = [.. jwt.SigningKeys.Select(JwtSigningKeys.Read)],
                ClockSkew = TimeSpan.FromSeconds(jwt.ClockSkewSeconds),
            };
        });
        services.AddRateLimiter(_ => { });
        services.AddOptions<RateLimiterOptions>().Configure<IOptions<RateLimitOptions>>((limiter, settings) => RateLimitPartitions.Configure(limiter, settings.Value));
        return services;
    }

    /// <summary>
    /// Adds, in order: who the request is, the audit caller, the rate limit, and the refusal of what the identity does not
    /// allow. Call after routing (role checks read the endpoint) and before the endpoints.
    /// </summary>
    public static WebApplication UseHunyuIdentity(this WebApplication app)
    {
        app.UseMiddleware<IdentityMiddleware>();
        app.UseMiddleware<AuditCallerMiddleware>();
        app.UseRateLimiter();
        app.UseMiddleware<AccessMiddleware>();
        return app;
    }
}
