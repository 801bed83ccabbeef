using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>A record of a record file that could not be read; the other records still are.</summary>
/// <param name="FileName">The file, as passed to the parser.</param>
/// <param name="Location">Where: <c>line 7</c>, <c>row 12 (line 13)</c>, <c>element 3</c>.</param>
/// <param name="Reason">One line saying what is wrong, e.g. <c>invalid JSON: 'x' is an invalid start of a value</c>.</param>
/// <param name="Error">The code a caller reports for it: <c>corrupt_input</c> for a bad record, <c>too_large</c> when the record limit cut the file.</param>
public sealed record ParseProblem(string FileName, string Location, string Reason, ErrorCode Error)
{
    /// <summary>
    /// The bad record's key when it is known (a database row whose key was read but a value was not); null when the
    /// record cannot be told apart, so no record of the file may be deleted this run.
    /// </summary>
    public string? RecordKey { get; init; }

    /// <summary>The one-line message: "<c>file: location: reason</c>".</summary>
    public string Message => $"{FileName}: {Location}: {Reason}";
}
