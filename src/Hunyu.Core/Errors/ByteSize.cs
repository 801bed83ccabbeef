using System.Globalization;

namespace Hunyu.Core.Errors;

/// <summary>Formats byte counts for error messages, so every limit reads the same: "850 bytes", "12 KB", "212 MB", "1.5 GB" (binary units).</summary>
public static class ByteSize
{
    /// <summary>Formats <paramref name="bytes"/> with the largest unit that keeps the number at least 1.</summary>
    public static string Format(long bytes)
    {
        const double Kb = 1024, Mb = Kb * 1024, Gb = Mb * 1024;
        return bytes switch
        {
            < 1024 => string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes"),
            < (long)Mb => Scaled(bytes / Kb, "KB"),
            < (long)Gb => Scaled(bytes / Mb, "MB"),
            _ => Scaled(bytes / Gb, "GB"),
        };

        static string Scaled(double value, string unit) =>
            value < 10 && Math.Round(value, 1) != Math.Round(value)
                ? string.Create(CultureInfo.InvariantCulture, $"{value:0.0} {unit}")
                : string.Create(CultureInfo.InvariantCulture, $"{Math.Round(value):0} {unit}");
    }
}
