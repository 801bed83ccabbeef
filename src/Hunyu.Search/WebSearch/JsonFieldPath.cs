using System.Globalization;
using System.Text.Json;

namespace Hunyu.Search.WebSearch;

/// <summary>A dotted path into a JSON value, e.g. <c>web.results</c> or <c>items.0.link</c>: property names, and numbers that index arrays.</summary>
internal sealed class JsonFieldPath
{
    private readonly string[] _segments;
    private readonly string _text;

    public JsonFieldPath(string path)
    {
        _text = path;
        _segments = path.Length == 0 ? [] : path.Split('.');
    }

    /// <summary>True when <paramref name="path"/> has no empty segment (and is not empty, unless <paramref name="allowEmpty"/>).</summary>
    public static bool IsValid(string path, bool allowEmpty) =>
        path.Length == 0 ? allowEmpty : path.Split('.').All(segment => segment.Length > 0);

    /// <summary>Follows the path from <paramref name="root"/>; false when a step is missing.</summary>
    public bool TryGet(JsonElement root, out JsonElement value)
    {
        value = root;
        foreach (var segment in _segments)
        {
            if (value.ValueKind == JsonValueKind.Object && value.TryGetProperty(segment, out var property))
            {
                value = property;
            }
            else if (value.ValueKind == JsonValueKind.Array && int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) && index < value.GetArrayLength())
            {
                value = value[index];
            }
            else
            {
                value = default;
                return false;
            }
        }

        return true;
    }

    /// <inheritdoc />
    public override string ToString() => _text;
}
