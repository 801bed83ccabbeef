namespace Hunyu.Hosting.Export;

/// <summary>What an export wrote.</summary>
/// <param name="Kind">The format.</param>
/// <param name="Documents">Documents read from the domains.</param>
/// <param name="Records">Lines written: documents (pretrain, beir corpus) or question/answer pairs (sft).</param>
/// <param name="PiiMasked">Values the final PII guard masked in the exported text (zero when governance masked them all at ingest).</param>
/// <param name="Bytes">Bytes written, every file together.</param>
/// <param name="Seconds">Wall-clock time.</param>
/// <param name="Out">The output file or folder.</param>
public sealed record ExportResult(ExportKind Kind, int Documents, int Records, int PiiMasked, long Bytes, double Seconds, string Out)
{
    /// <summary>SFT: pairs written by the question generator (the rest were mined).</summary>
    public int Generated { get; init; }

    /// <summary>SFT: the question generator's name; null when none is configured.</summary>
    public string? Generator { get; init; }

    /// <summary>BEIR: queries written.</summary>
    public int Queries { get; init; }

    /// <summary>Megabytes written per second.</summary>
    public double MegabytesPerSecond => Seconds > 0 ? Bytes / 1048576.0 / Seconds : 0;
}
