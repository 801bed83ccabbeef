using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.Identity;

/// <summary>Checks <see cref="JwtOptions"/> and <see cref="RateLimitOptions"/> at startup; every message names the setting and what is allowed.</summary>
internal sealed class IdentityOptionsValidator : IValidateOptions<JwtOptions>, IValidateOptions<RateLimitOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, JwtOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (!options.Configured)
        {
            return ValidateOptionsResult.Success;
        }

        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.Audience))
        {
            failures.Add($"{JwtOptions.Section}:{nameof(JwtOptions.Audience)} is missing; name the audience tokens are issued for");
        }

        if (string.IsNullOrWhiteSpace(options.Authority) && options.SigningKeys.Length == 0)
        {
            failures.Add($"{JwtOptions.Section}: set {nameof(JwtOptions.Authority)} (OIDC discovery) or {nameof(JwtOptions.SigningKeys)}");
        }

        if (string.IsNullOrWhiteSpace(options.Authority) && string.IsNullOrWhiteSpace(options.Issuer))
        {
            failures.Add($"{JwtOptions.Section}:{nameof(JwtOptions.Issuer)} is missing; without an authority the issuer must be named");
        }

        if (!string.IsNullOrWhiteSpace(options.Authority)
            && (!Uri.TryCreate(options.Authority, UriKind.Absolute, out var authority) || authority.Scheme is not ("https" or "http")
                || (authority.Scheme == "http" && options.RequireHttpsMetadata)))
        {
            failures.Add($"{JwtOptions.Section}:{nameof(JwtOptions.Authority)} is '{options.Authority}'; use an https URL (http only with RequireHttpsMetadata false)");
        }

        for (var i = 0; i < options.SigningKeys.Length; i++)
        {
            if (JwtSigningKeys.Problem(options.SigningKeys[i]) is { } problem)
            {
                failures.Add(string.Create(CultureInfo.InvariantCulture, $"{JwtOptions.Section}:{nameof(JwtOptions.SigningKeys)}:{i} {problem}"));
            }
        }

        if (options.ClockSkewSeconds is < 0 or > JwtOptions.MaxClockSkewSeconds)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{JwtOptions.Section}:{nameof(JwtOptions.ClockSkewSeconds)} is {options.ClockSkewSeconds}; allowed 0-{JwtOptions.MaxClockSkewSeconds}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, RateLimitOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.PermitLimit is < 1 or > RateLimitOptions.MaxPermitLimit)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{RateLimitOptions.Section}:{nameof(RateLimitOptions.PermitLimit)} is {options.PermitLimit}; allowed 1-{RateLimitOptions.MaxPermitLimit:N0}"));
        }

        if (options.WindowSeconds is < 1 or > RateLimitOptions.MaxWindowSeconds)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{RateLimitOptions.Section}:{nameof(RateLimitOptions.WindowSeconds)} is {options.WindowSeconds}; allowed 1-{RateLimitOptions.MaxWindowSeconds:N0}"));
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
