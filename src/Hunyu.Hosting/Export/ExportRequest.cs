namespace Hunyu.Hosting.Export;

/// <summary>One export: what to write, from which domains, and where.</summary>
/// <param name="Kind">The format.</param>
/// <param name="Domains">The domains whose every document is exported, in this order.</param>
/// <param name="Output">The output file (pretrain, sft) or folder (beir).</param>
public sealed record ExportRequest(ExportKind Kind, IReadOnlyList<string> Domains, string Output)
{
    /// <summary>Default of <see cref="Queries"/>.</summary>
    public const int DefaultQueries = 1000;

    /// <summary>Default of <see cref="Seed"/>.</summary>
    public const ulong DefaultSeed = 20240601;

    /// <summary>Replace an existing output instead of refusing.</summary>
    public bool Force { get; init; }

    /// <summary>Allow personal domains (someone's notes); refused otherwise.</summary>
    public bool IncludePersonal { get; init; }

    /// <summary>Most queries of a BEIR export.</summary>
    public int Queries { get; init; } = DefaultQueries;

    /// <summary>Seed of the BEIR query sampling: the same seed and corpus give the same queries.</summary>
    public ulong Seed { get; init; } = DefaultSeed;

    /// <summary>Generates more question/answer pairs for an SFT export; null (the default) mines only.</summary>
    public IQuestionGenerator? Generator { get; init; }
}
