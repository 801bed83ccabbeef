using System.Security.Cryptography;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Hunyu.Server.Tests.Identity;

/// <summary>An issuer the tests play: a symmetric key the server is configured with, and tokens signed by it (or not).</summary>
internal sealed class Tokens
{
    public const string Issuer = "https://login.test/realms/acme";

    public const string Audience = "hunyu";

    public Tokens()
    {
        Key = RandomNumberGenerator.GetBytes(32);
    }

    public byte[] Key { get; }

    /// <summary>The server settings that trust this issuer.</summary>
    public (string Key, string Value)[] Settings =>
    [
        ("Hunyu:Identity:Jwt:Issuer", Issuer),
        ("Hunyu:Identity:Jwt:Audience", Audience),
        ("Hunyu:Identity:Jwt:SigningKeys:0", Convert.ToBase64String(Key)),
    ];

    public string Create(
        string user = "li.wei",
        string[]? groups = null,
        string? role = null,
        string issuer = Issuer,
        string audience = Audience,
        TimeSpan? expiresIn = null,
        byte[]? signingKey = null,
        string? tenant = null)
    {
        var now = DateTime.UtcNow;
        var expires = now + (expiresIn ?? TimeSpan.FromMinutes(10));
        var claims = new Dictionary<string, object> { ["preferred_username"] = user, ["sub"] = "id-" + user };
        if (groups is not null)
        {
            claims["groups"] = groups;
        }

        if (tenant is not null)
        {
            claims["tenant"] = tenant;
        }

        if (role is not null)
        {
            claims["roles"] = new[] { role };
        }

        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Audience = audience,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            Claims = claims,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(signingKey ?? Key), SecurityAlgorithms.HmacSha256),
        });
    }
}
