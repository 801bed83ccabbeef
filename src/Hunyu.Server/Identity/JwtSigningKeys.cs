using System.Security.Cryptography;
using Microsoft.IdentityModel.Tokens;

namespace Hunyu.Server.Identity;

/// <summary>Reads the configured signing keys: a PEM public key (RSA or EC), or a base64 symmetric key.</summary>
internal static class JwtSigningKeys
{
    private const string PemStart = "-----BEGIN";

    /// <summary>What is wrong with <paramref name="text"/> as a signing key; null when it reads.</summary>
    public static string? Problem(string? text)
    {
        try
        {
            Read(text);
            return null;
        }
        catch (Exception e) when (e is FormatException or CryptographicException or ArgumentException)
        {
            return e.Message;
        }
    }

    private static bool IsRsa(string pem)
    {
        using var rsa = RSA.Create();
        try
        {
            rsa.ImportFromPem(pem);
            return true;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    private static T Import<T>(T algorithm, string pem)
        where T : AsymmetricAlgorithm
    {
        try
        {
            algorithm.ImportFromPem(pem);
            return algorithm;
        }
        catch
        {
            algorithm.Dispose();
            throw;
        }
    }

    /// <summary>The key <paramref name="text"/> holds.</summary>
    /// <exception cref="FormatException">It is neither PEM nor base64 of at least <see cref="JwtOptions.MinSymmetricKeyBytes"/> bytes.</exception>
    public static SecurityKey Read(string? text)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            throw new FormatException("is empty; give a PEM public key or a base64 symmetric key");
        }

        text = text.Trim();
        if (text.StartsWith(PemStart, StringComparison.Ordinal))
        {
            if (text.Contains("PRIVATE KEY", StringComparison.Ordinal))
            {
                // SECURITY: the server only verifies; a private key in its settings is a key that can mint tokens.
                throw new FormatException("is a private key; give the issuer's public key");
            }

            // The key objects live as long as the server: the validation parameters hold them.
            return text.Contains("BEGIN EC", StringComparison.Ordinal) || !IsRsa(text)
                ? new ECDsaSecurityKey(Import(ECDsa.Create(), text))
                : new RsaSecurityKey(Import(RSA.Create(), text));
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(text);
        }
        catch (FormatException)
        {
            throw new FormatException("is neither a PEM public key nor base64");
        }

        return bytes.Length >= JwtOptions.MinSymmetricKeyBytes
            ? new SymmetricSecurityKey(bytes)
            : throw new FormatException($"is a {bytes.Length}-byte symmetric key; use at least {JwtOptions.MinSymmetricKeyBytes} bytes");
    }
}
