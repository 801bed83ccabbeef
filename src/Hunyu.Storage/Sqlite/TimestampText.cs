using System.Globalization;

namespace Hunyu.Storage.Sqlite;

/// <summary>Stores instants as fixed-width ISO-8601 UTC text, so text order is time order and ticks survive.</summary>
internal static class TimestampText
{
    private const string Pattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>The instant as UTC text, e.g. <c>2025-01-31T08:00:00.0000000Z</c>.</summary>
    public static string Format(DateTimeOffset value) => value.UtcDateTime.ToString(Pattern, CultureInfo.InvariantCulture);

    /// <summary>Parses text written by <see cref="Format"/>; the result has offset zero and the same instant.</summary>
    public static DateTimeOffset Parse(string text) =>
        DateTimeOffset.ParseExact(text, Pattern, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);
}
