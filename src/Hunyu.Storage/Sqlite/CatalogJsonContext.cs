using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;
using Hunyu.Core.Catalog;

namespace Hunyu.Storage.Sqlite;

/// <summary>JSON for the catalog's JSON columns: metadata, ACL entries and run failures.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
[JsonSerializable(typeof(IReadOnlyDictionary<string, string>))]
[JsonSerializable(typeof(IReadOnlyList<string>))]
[JsonSerializable(typeof(IReadOnlyList<IngestionFailure>))]
internal sealed partial class CatalogJsonContext : JsonSerializerContext
{
    /// <summary>The context used for storage: CJK and other non-ASCII text is written as-is, not as <c>\uXXXX</c>, so the file stays readable.</summary>
    public static CatalogJsonContext Stored { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });
}
