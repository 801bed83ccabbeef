using Hunyu.Core.Search;

namespace Hunyu.Search.Federation;

/// <summary>
/// A domain's hit as fusion sees it: its score now, its stored fields only if fusion needs them. PERF: a five-domain
/// search retrieves five top-k lists but keeps one top k, so reading the fields of the others would be wasted.
/// </summary>
/// <remarks>Not thread-safe: fusion reads it on one thread.</remarks>
public sealed class Candidate
{
    private readonly Func<SearchHit>? _read;
    private SearchHit? _hit;

    /// <summary>A hit whose fields are read by <paramref name="read"/> when first needed.</summary>
    public Candidate(double score, Func<SearchHit> read)
    {
        Score = score;
        _read = read;
    }

    /// <summary>A hit already read.</summary>
    public Candidate(SearchHit hit)
    {
        ArgumentNullException.ThrowIfNull(hit);
        Score = hit.Score;
        _hit = hit;
    }

    /// <summary>The domain's own score.</summary>
    public double Score { get; }

    /// <summary>The hit, read on first use.</summary>
    public SearchHit Hit => _hit ??= _read!();
}
