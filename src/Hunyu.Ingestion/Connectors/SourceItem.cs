using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors;

/// <summary>
/// One unit a connector yields — a file, a table, a page — with its key within the source and a way
/// to read its documents (one, or one per record).
/// </summary>
/// <param name="Key">Unique within the source: a relative path, a table name, a URL. Document keys are this key, or <c>key#record</c>.</param>
/// <param name="Uri">Where a reader can open the original.</param>
/// <param name="Length">Bytes, for progress and throughput; 0 when unknown.</param>
public sealed record SourceItem(string Key, string Uri, long Length)
{
    /// <summary>Why the item cannot be read (too large, unreachable); null when it can.</summary>
    public SourceProblem? Problem { get; init; }

    /// <summary>
    /// Reads the item's documents lazily. Bad records go into the given list and the rest still come
    /// through; a failure of the whole item throws <see cref="Core.Errors.HunyuException"/>.
    /// </summary>
    public Func<ICollection<ParseProblem>, IEnumerable<ParsedDocument>> ReadDocuments { get; init; } = static _ => [];
}
