using System.Globalization;
using System.Threading.RateLimiting;
using Hunyu.Core.Errors;
using Hunyu.Server.Errors;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;

namespace Hunyu.Server.Identity;

/// <summary>The server's rate limit: one fixed window per API key, per token user, or per client address when unauthenticated.</summary>
internal static class RateLimitPartitions
{
    /// <summary>Configures <paramref name="limiter"/> from <paramref name="settings"/>.</summary>
    public static void Configure(RateLimiterOptions limiter, RateLimitOptions settings)
    {
        var window = TimeSpan.FromSeconds(settings.WindowSeconds);
        limiter.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context =>
        {
            var key = PartitionKey(context);
            return !settings.Enabled || key is null
                ? RateLimitPartition.GetNoLimiter(string.Empty)
                : RateLimitPartition.GetFixedWindowLimiter(key, _ => new FixedWindowRateLimiterOptions
                {
                    PermitLimit = settings.PermitLimit,
                    Window = window,
                    QueueLimit = 0,
                    AutoReplenishment = true,
                });
        });
        limiter.OnRejected = async (rejected, cancellationToken) =>
        {
            var context = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : window;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            context.Response.StatusCode = ErrorCode.RateLimited.HttpStatus;
            context.Response.Headers[HeaderNames.RetryAfter] = seconds.ToString(CultureInfo.InvariantCulture);
            var problems = context.RequestServices.GetService(typeof(IProblemDetailsService)) as IProblemDetailsService;
            if (problems is not null)
            {
                await problems.WriteAsync(new ProblemDetailsContext
                {
                    HttpContext = context,
                    ProblemDetails = ApiProblems.Create(
                        ErrorCode.RateLimited,
                        string.Create(CultureInfo.InvariantCulture, $"too many requests: the limit is {settings.PermitLimit} per {settings.WindowSeconds} s ({RateLimitOptions.Section}); retry after {seconds} s")),
                });
            }
        };
    }

    /// <summary>Whose window a request counts against; null for health probes, which are never limited.</summary>
    internal static string? PartitionKey(HttpContext context)
    {
        var identity = context.Features.Get<RequestIdentity>();
        if (identity is null || (identity.IsPublic && context.Request.Path.StartsWithSegments("/health", StringComparison.OrdinalIgnoreCase)))
        {
            return null;
        }

        return identity switch
        {
            { KeyId: { } id, Principal: not null } => "key:" + id,
            { Scheme: RequestIdentity.JwtScheme, Principal: { } principal } => $"user:{principal.Tenant}/{principal.UserId}",
            _ => "ip:" + (context.Connection.RemoteIpAddress?.ToString() ?? AuditCallerMiddleware.UnknownClient),
        };
    }
}
