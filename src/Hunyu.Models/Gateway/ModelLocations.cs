namespace Hunyu.Models.Gateway;

/// <summary>The configuration spellings of <see cref="ModelLocation"/>: <c>cloud</c>, <c>on_prem</c>, <c>edge</c>.</summary>
public static class ModelLocations
{
    /// <summary>Every accepted spelling, for messages.</summary>
    public const string Allowed = "cloud | on_prem | edge";

    /// <summary>Reads a configured location (case-insensitive; <c>on-prem</c> and <c>onprem</c> also name <see cref="ModelLocation.OnPrem"/>).</summary>
    /// <returns>False when <paramref name="text"/> names none.</returns>
    public static bool TryParse(string? text, out ModelLocation location)
    {
        switch (text?.Trim().ToUpperInvariant())
        {
            case "CLOUD":
                location = ModelLocation.Cloud;
                return true;
            case "ON_PREM" or "ON-PREM" or "ONPREM":
                location = ModelLocation.OnPrem;
                return true;
            case "EDGE":
                location = ModelLocation.Edge;
                return true;
            default:
                location = default;
                return false;
        }
    }

    /// <summary>The configuration spelling of <paramref name="location"/>.</summary>
    public static string Name(ModelLocation location) => location switch
    {
        ModelLocation.Cloud => "cloud",
        ModelLocation.OnPrem => "on_prem",
        _ => "edge",
    };
}
