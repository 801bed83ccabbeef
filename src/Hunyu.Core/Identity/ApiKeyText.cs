using System.Security.Cryptography;
using System.Text;

namespace Hunyu.Core.Identity;

/// <summary>
/// The form of an API key, <c>hy_&lt;id&gt;_&lt;secret&gt;</c>: a public id (16 hex digits) to find the key by, and a
/// secret of 256 random bits (base64url) of which only the SHA-256 hash is stored.
/// </summary>
public static class ApiKeyText
{
    /// <summary>What every key starts with, so a key is recognisable in a leaked log or a secret scanner.</summary>
    public const string Prefix = "hy_";

    /// <summary>Random bytes in a key's id.</summary>
    public const int IdBytes = 8;

    /// <summary>Random bytes in a key's secret (256 bits).</summary>
    public const int SecretBytes = 32;

    /// <summary>A new random key: its id, its secret, and the full text to hand to the user once.</summary>
    public static (string Id, string Secret, string Key) Generate()
    {
        var id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(IdBytes));
        var secret = Base64UrlEncode(RandomNumberGenerator.GetBytes(SecretBytes));
        return (id, secret, Prefix + id + "_" + secret);
    }

    /// <summary>Splits <paramref name="key"/> into its id and secret; false when it is not a Hunyu key.</summary>
    public static bool TryParse(string? key, out string id, out string secret)
    {
        id = string.Empty;
        secret = string.Empty;
        if (key is null || !key.StartsWith(Prefix, StringComparison.Ordinal))
        {
            return false;
        }

        var separator = key.IndexOf('_', Prefix.Length);
        if (separator != Prefix.Length + (IdBytes * 2) || key.Length == separator + 1)
        {
            return false;
        }

        id = key[Prefix.Length..separator];
        secret = key[(separator + 1)..];
        return id.All(char.IsAsciiHexDigitLower);
    }

    /// <summary>True when <paramref name="text"/> looks like a Hunyu key (its prefix), whether or not it is well-formed.</summary>
    public static bool LooksLikeKey(string? text) => text is not null && text.StartsWith(Prefix, StringComparison.Ordinal);

    /// <summary>The stored form of a secret: its SHA-256 hash as lower-case hex.</summary>
    /// <remarks>
    /// SECURITY: a fast hash is right here. Slow password hashes (PBKDF2, Argon2) exist to make guessing a low-entropy
    /// password expensive; a key's secret is 256 random bits, which no amount of guessing covers, so a stolen hash
    /// reveals nothing useful and every request pays microseconds, not the tens of milliseconds a slow hash costs.
    /// </remarks>
    public static string Hash(string secret)
    {
        ArgumentNullException.ThrowIfNull(secret);
        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(secret)));
    }

    /// <summary>True when <paramref name="secret"/> hashes to <paramref name="storedHash"/>, compared in constant time.</summary>
    public static bool Matches(string secret, string storedHash)
    {
        ArgumentNullException.ThrowIfNull(secret);
        ArgumentNullException.ThrowIfNull(storedHash);

        // SECURITY: constant time, so response timing never tells how much of a guessed hash was right.
        return CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(Hash(secret)), Encoding.ASCII.GetBytes(storedHash));
    }

    private static string Base64UrlEncode(byte[] bytes) =>
        Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
