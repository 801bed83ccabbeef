namespace Hunyu.Server.Identity;

/// <summary>
/// The OIDC/JWT issuer whose bearer tokens the server accepts, bound from <c>Hunyu:Identity:Jwt</c>. Configuring an issuer
/// makes every request authenticate.
/// </summary>
public sealed class JwtOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Identity:Jwt";

    /// <summary>Default tolerated clock difference between the issuer and this server.</summary>
    public const int DefaultClockSkewSeconds = 60;

    /// <summary>Largest tolerated clock difference.</summary>
    public const int MaxClockSkewSeconds = 600;

    /// <summary>Shortest symmetric signing key (HS256 needs 256 bits).</summary>
    public const int MinSymmetricKeyBytes = 32;

    /// <summary>The claims tried in order for the user name when none are configured.</summary>
    public static IReadOnlyList<string> DefaultUserClaims { get; } = ["preferred_username", "sub"];

    /// <summary>The claims read for roles when none are configured.</summary>
    public static IReadOnlyList<string> DefaultRoleClaims { get; } = ["roles", "role"];

    /// <summary>The token issuer (<c>iss</c>), e.g. <c>https://login.example.com/realms/acme</c>; taken from discovery when only <see cref="Authority"/> is set.</summary>
    public string? Issuer { get; set; }

    /// <summary>The audience (<c>aud</c>) tokens must be issued for, e.g. <c>hunyu</c>.</summary>
    public string? Audience { get; set; }

    /// <summary>The OIDC authority whose discovery document (<c>/.well-known/openid-configuration</c>) supplies the issuer's signing keys.</summary>
    public string? Authority { get; set; }

    /// <summary>Signing keys given directly (development, tests, offline issuers): PEM public keys (RSA or EC) or base64 symmetric keys of at least 32 bytes.</summary>
    /// <remarks>SECURITY: a symmetric key is a secret; set it through the environment (<c>Hunyu__Identity__Jwt__SigningKeys__0</c>), never in a settings file.</remarks>
    public string[] SigningKeys { get; set; } = [];

    /// <summary>Whether the authority must be HTTPS.</summary>
    /// <value>The default is true.</value>
    public bool RequireHttpsMetadata { get; set; } = true;

    /// <summary>Tolerated clock difference, in seconds.</summary>
    /// <value>The default is 60; allowed 0-600.</value>
    public int ClockSkewSeconds { get; set; } = DefaultClockSkewSeconds;

    /// <summary>Claims tried in order for the user name.</summary>
    /// <value>The default is <c>preferred_username</c>, then <c>sub</c>.</value>
    public string[]? UserClaims { get; set; }

    /// <summary>The claim listing the user's groups.</summary>
    /// <value>The default is <c>groups</c>.</value>
    public string GroupsClaim { get; set; } = "groups";

    /// <summary>Claims listing the user's roles (<c>reader</c>, <c>editor</c>, <c>admin</c>; the highest wins, none means reader).</summary>
    /// <value>The default is <c>roles</c> and <c>role</c>.</value>
    public string[]? RoleClaims { get; set; }

    /// <summary>The claim naming the user's tenant; a token without it belongs to the default tenant.</summary>
    /// <value>The default is <c>tenant</c>.</value>
    public string TenantClaim { get; set; } = "tenant";

    /// <summary>True when an issuer is configured (any of issuer, authority or signing keys).</summary>
    public bool Configured => !string.IsNullOrWhiteSpace(Issuer) || !string.IsNullOrWhiteSpace(Authority) || SigningKeys.Length > 0;

    /// <summary>The user claims in effect.</summary>
    public IReadOnlyList<string> EffectiveUserClaims => UserClaims is { Length: > 0 } ? UserClaims : DefaultUserClaims;

    /// <summary>The role claims in effect.</summary>
    public IReadOnlyList<string> EffectiveRoleClaims => RoleClaims is { Length: > 0 } ? RoleClaims : DefaultRoleClaims;
}
