using System.Text.Json.Serialization;

namespace Hunyu.Ingestion.Connectors.Web;

/// <summary>Source-generated JSON for the crawl state files.</summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    UseStringEnumConverter = true)]
[JsonSerializable(typeof(CachedPage))]
[JsonSerializable(typeof(CachedSitemap))]
[JsonSerializable(typeof(CrawlStateManifest))]
internal sealed partial class CrawlStateJsonContext : JsonSerializerContext
{
}
