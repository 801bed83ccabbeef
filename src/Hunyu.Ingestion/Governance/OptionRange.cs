using System.Globalization;

namespace Hunyu.Ingestion.Governance;

/// <summary>The one range check of the governance options, so every message names the option and its range alike.</summary>
internal static class OptionRange
{
    public static void Check(string name, int value, int min, int max)
    {
        if (value < min || value > max)
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; allowed range is {min}–{max}."));
        }
    }

    public static void Check(string name, double value, double min, double max)
    {
        if (!(value >= min && value <= max))
        {
            throw new ArgumentOutOfRangeException(name, value, string.Create(CultureInfo.InvariantCulture, $"{name} is {value}; allowed range is {min}–{max}."));
        }
    }
}
