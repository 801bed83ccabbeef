using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Unicode;

namespace Hunyu.Hosting.Sources;

/// <summary>The stored JSON of a <see cref="SourceDefinition"/>: snake_case, the same shape as <c>POST /api/sources</c>.</summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SourceDefinition))]
internal sealed partial class SourceDefinitionJsonContext : JsonSerializerContext
{
    /// <summary>The context used for storage: non-ASCII text (Chinese paths) is written as-is, so the catalog stays readable.</summary>
    public static SourceDefinitionJsonContext Stored { get; } = new(new JsonSerializerOptions
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.Create(UnicodeRanges.All),
    });
}
