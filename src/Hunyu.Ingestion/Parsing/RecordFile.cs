using System.Globalization;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>Runs a record parser's outcomes: yields documents, routes problems, enforces the record limit and ends with the summary error.</summary>
internal static class RecordFile
{
    // How many problems the end-of-file error spells out.
    private const int ProblemsInMessage = 3;

    /// <summary>Yields the good records; problems go to <paramref name="sink"/> or, without one, into one error thrown at the end.</summary>
    public static IEnumerable<ParsedDocument> Run(IEnumerable<RecordOutcome> outcomes, string fileName, ICollection<ParseProblem>? sink, int maxRecords)
    {
        var collected = new List<ParseProblem>();
        var problemCount = 0;
        var read = 0;
        foreach (var outcome in outcomes)
        {
            if (outcome.Document is { } document)
            {
                if (read >= maxRecords)
                {
                    Report(new ParseProblem(
                        fileName,
                        string.Create(CultureInfo.InvariantCulture, $"record {read + 1:N0}"),
                        string.Create(CultureInfo.InvariantCulture, $"not read, nor any after it: limit is {maxRecords:N0} records per file (IngestionLimits.MaxRecordsPerFile)"),
                        ErrorCode.TooLarge));
                    break;
                }

                read++;
                yield return document;
            }
            else if (outcome.Problem is { } problem)
            {
                Report(problem);
            }
        }

        if (read == 0 && problemCount == 0)
        {
            throw ParserErrors.Empty(fileName, "no records");
        }

        if (sink is null && collected.Count > 0)
        {
            throw Summary(fileName, read, collected);
        }

        void Report(ParseProblem problem)
        {
            problemCount++;
            if (sink is not null)
            {
                sink.Add(problem);
            }
            else
            {
                collected.Add(problem);
            }
        }
    }

    private static HunyuException Summary(string fileName, int read, List<ParseProblem> problems)
    {
        var listed = string.Join("; ", problems.Take(ProblemsInMessage).Select(problem => $"{problem.Location}: {problem.Reason}"));
        var more = problems.Count > ProblemsInMessage ? string.Create(CultureInfo.InvariantCulture, $"; and {problems.Count - ProblemsInMessage:N0} more") : string.Empty;
        var counts = string.Create(CultureInfo.InvariantCulture, $"{read:N0} records read, {problems.Count:N0} {(problems.Count == 1 ? "problem" : "problems")}");
        var error = read == 0 ? problems[0].Error
            : problems.Any(problem => problem.Error == ErrorCode.TooLarge) ? ErrorCode.TooLarge
            : ErrorCode.PartialFailure;
        return new HunyuException(error, $"{fileName}: {counts}: {listed}{more}");
    }
}
