using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hunyu.Benchmarks.Reporting;

/// <summary>Writes a result as <c>NAME.md</c> and <c>NAME.json</c>.</summary>
internal static class ReportFiles
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        // Chinese query text stays readable in the JSON.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals,
    };

    public static void Write(string directory, string name, string markdown, object data)
    {
        Directory.CreateDirectory(directory);
        File.WriteAllText(Path.Combine(directory, name + ".md"), markdown.ReplaceLineEndings("\n"));
        File.WriteAllText(Path.Combine(directory, name + ".json"), JsonSerializer.Serialize(data, Json) + "\n");
        Console.WriteLine($"wrote {Path.Combine(directory, name)}.md and .json");
    }

    /// <summary>A part of a results file <see cref="Write"/> wrote, read back with the same options.</summary>
    public static T Read<T>(JsonElement element) => element.Deserialize<T>(Json) ?? throw new JsonException($"a null {typeof(T).Name}");

    /// <summary>Rounds for display: 3 significant digits for small values, none for large ones.</summary>
    public static string F(double value) => value switch
    {
        double.NaN => "n/a",
        >= 100 or <= -100 => value.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
        >= 10 or <= -10 => value.ToString("0.0", System.Globalization.CultureInfo.InvariantCulture),
        _ => value.ToString("0.###", System.Globalization.CultureInfo.InvariantCulture),
    };
}
