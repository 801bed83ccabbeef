using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace Hunyu.Ingestion.Connectors.Sql;

/// <summary>A column value as text, or a note that it is binary and not indexed.</summary>
/// <param name="Text">The value as text (ISO-8601 for dates, invariant numbers, JSON as written); for binary, the note.</param>
/// <param name="IsBinary">True for bytea/BLOB values, which are noted in metadata and never indexed.</param>
internal readonly record struct SqlValue(string Text, bool IsBinary);

/// <summary>Turns the CLR values the drivers return into culture-invariant text.</summary>
internal static class SqlValueFormatter
{
    private const string DateFormat = "yyyy-MM-dd";

    // 'K' writes "Z" for UTC (PostgreSQL timestamptz) and nothing for a timestamp without zone; 'F' drops trailing zeros.
    private const string DateTimeFormat = "yyyy-MM-dd'T'HH:mm:ss.FFFFFFFK";

    private static readonly JsonSerializerOptions ArrayJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Formats <paramref name="value"/> read from a column of type <paramref name="dataTypeName"/> (lower case).</summary>
    public static SqlValue Format(object value, string dataTypeName) => value switch
    {
        string text => new(text, false),
        char c => new(c.ToString(), false),
        bool b => new(b ? "true" : "false", false),
        byte[] bytes => new(string.Create(CultureInfo.InvariantCulture, $"(binary, {Core.Errors.ByteSize.Format(bytes.LongLength)}; not indexed)"), true),
        // SQLite stores booleans as 0/1; its declared type tells them from numbers.
        long number when IsBooleanType(dataTypeName) => new(number != 0 ? "true" : "false", false),
        DateTime time when dataTypeName == "date" && time.TimeOfDay == TimeSpan.Zero => new(time.ToString(DateFormat, CultureInfo.InvariantCulture), false),
        DateTime time => new(time.ToString(DateTimeFormat, CultureInfo.InvariantCulture), false),
        DateTimeOffset time when time.Offset == TimeSpan.Zero => new(time.UtcDateTime.ToString(DateTimeFormat, CultureInfo.InvariantCulture), false),
        DateTimeOffset time => new(time.ToString("yyyy-MM-dd'T'HH:mm:ss.FFFFFFFzzz", CultureInfo.InvariantCulture), false),
        DateOnly date => new(date.ToString(DateFormat, CultureInfo.InvariantCulture), false),
        TimeOnly time => new(time.ToString("HH:mm:ss.FFFFFFF", CultureInfo.InvariantCulture), false),
        TimeSpan span => new(span.ToString("c", CultureInfo.InvariantCulture), false),
        double number => new(number.ToString("R", CultureInfo.InvariantCulture), false),
        float number => new(number.ToString("R", CultureInfo.InvariantCulture), false),
        Array array => new(JsonSerializer.Serialize(array, array.GetType(), ArrayJson), false),
        IFormattable formattable => new(formattable.ToString(null, CultureInfo.InvariantCulture), false),
        _ => new(Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty, false),
    };

    /// <summary>Cuts <paramref name="value"/> to <paramref name="maxLength"/> characters, ending in "…", never inside a surrogate pair.</summary>
    public static string Cap(string value, int maxLength)
    {
        if (value.Length <= maxLength)
        {
            return value;
        }

        var cut = maxLength - 1;
        if (char.IsHighSurrogate(value[cut - 1]))
        {
            cut--;
        }

        return string.Concat(value.AsSpan(0, cut), "…");
    }

    private static bool IsBooleanType(string dataTypeName) => dataTypeName is "bool" or "boolean";
}
