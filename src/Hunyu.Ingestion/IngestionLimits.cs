namespace Hunyu.Ingestion;

/// <summary>Defaults and limits of ingestion, in one place.</summary>
public static class IngestionLimits
{
    /// <summary>Largest file read by default (100 MB); larger files are refused with <c>too_large</c>.</summary>
    public const long DefaultMaxFileBytes = 100L * 1024 * 1024;

    /// <summary>Most pages read from one PDF.</summary>
    public const int MaxPdfPages = 5_000;

    /// <summary>Largest uncompressed size of an Office (zip) package part, against zip bombs (512 MB).</summary>
    public const long MaxOfficeUncompressedBytes = 512L * 1024 * 1024;

    /// <summary>Most records read from one record file (.jsonl, .csv, .json).</summary>
    public const int MaxRecordsPerFile = 5_000_000;
}
