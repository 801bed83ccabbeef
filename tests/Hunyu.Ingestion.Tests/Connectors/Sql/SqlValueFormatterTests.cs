using Hunyu.Ingestion.Connectors.Sql;

namespace Hunyu.Ingestion.Tests.Connectors.Sql;

/// <summary>Driver values as culture-invariant text.</summary>
public sealed class SqlValueFormatterTests
{
    public static TheoryData<object, string, string> Values => new()
    {
        { "文本", "text", "文本" },
        { 42L, "integer", "42" },
        { 1L, "boolean", "true" },
        { 0L, "bool", "false" },
        { 12.50m, "numeric", "12.50" },
        { 0.1d, "double precision", "0.1" },
        { 1.5f, "real", "1.5" },
        { true, "boolean", "true" },
        { new DateTime(2024, 5, 1, 0, 0, 0, DateTimeKind.Unspecified), "date", "2024-05-01" },
        { new DateTime(2024, 5, 1, 8, 30, 0, DateTimeKind.Unspecified), "timestamp without time zone", "2024-05-01T08:30:00" },
        { new DateTime(2024, 5, 1, 8, 30, 0, 123, DateTimeKind.Utc), "timestamp with time zone", "2024-05-01T08:30:00.123Z" },
        { new DateTimeOffset(2024, 5, 1, 8, 30, 0, TimeSpan.FromHours(8)), "timetz", "2024-05-01T08:30:00+08:00" },
        { new DateOnly(2024, 5, 1), "date", "2024-05-01" },
        { new TimeOnly(8, 30, 15), "time", "08:30:15" },
        { TimeSpan.FromMinutes(90), "interval", "01:30:00" },
        { new Guid("a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11"), "uuid", "a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11" },
        { new[] { 1, 2 }, "integer[]", "[1,2]" },
    };

    [Theory]
    [MemberData(nameof(Values))]
    public void Format_Value_IsInvariantText(object value, string dataTypeName, string expected)
    {
        var formatted = SqlValueFormatter.Format(value, dataTypeName);

        Assert.Equal(expected, formatted.Text);
        Assert.False(formatted.IsBinary);
    }

    [Fact]
    public void Format_Bytes_IsBinaryWithItsSize()
    {
        var formatted = SqlValueFormatter.Format(new byte[2048], "bytea");

        Assert.True(formatted.IsBinary);
        Assert.Equal("(binary, 2 KB; not indexed)", formatted.Text);
    }

    [Fact]
    public void Cap_SurrogatePairAtTheCut_IsNotSplit()
    {
        var value = new string('a', 254) + "😀" + "tail";

        var capped = SqlValueFormatter.Cap(value, 256);

        Assert.Equal(new string('a', 254) + "…", capped);
    }
}
