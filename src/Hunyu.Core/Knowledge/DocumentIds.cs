using System.Security.Cryptography;
using System.Text;

namespace Hunyu.Core.Knowledge;

/// <summary>Derives stable ids from natural keys, so re-ingesting the same thing gives the same id.</summary>
public static class DocumentIds
{
    /// <summary>The id of a source: domain, kind and location hashed to 16 hex characters.</summary>
    public static string ForSource(string domain, string kind, string location) => Hash($"{domain}\n{kind}\n{location}");

    /// <summary>The id of a document: source id and key hashed to 16 hex characters.</summary>
    public static string ForDocument(string sourceId, string key) => Hash($"{sourceId}\n{key}");

    /// <summary>SHA-256 of the UTF-8 text as lower-case hex.</summary>
    public static string ContentHash(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static string Hash(string value) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)).AsSpan(0, 8));
}
