using System.Globalization;
using System.IO.Hashing;
using System.Text;

namespace Hunyu.Hosting.Export;

/// <summary>
/// Keeps a deterministic sample of at most a given number of distinct queries from a stream of any length: the queries
/// whose seeded hash is smallest (bottom-k sampling). Memory is bounded by the sample size, the sample does not depend
/// on the order documents arrive in, and every later occurrence of a kept query adds its document to the judgements.
/// </summary>
/// <remarks>
/// A heading or title found in more than one document is dropped at the end (it does not say which one is meant), so
/// the sample can be smaller than asked. Not thread-safe.
/// </remarks>
public sealed class QuerySampler
{
    private readonly int _capacity;
    private readonly long _seed;
    private readonly Dictionary<string, Candidate> _kept = new(StringComparer.Ordinal);
    private readonly PriorityQueue<string, ulong> _largestFirst = new(Comparer<ulong>.Create((a, b) => b.CompareTo(a)));

    /// <summary>A sampler of at most <paramref name="capacity"/> queries, hashed with <paramref name="seed"/>.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="capacity"/> is not positive.</exception>
    public QuerySampler(int capacity, ulong seed)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(capacity);
        _capacity = capacity;
        _seed = unchecked((long)seed);
    }

    /// <summary>Offers <paramref name="text"/>, found in document <paramref name="documentId"/>.</summary>
    public void Add(string text, QueryKind kind, string documentId)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(documentId);
        if (_kept.TryGetValue(text, out var known))
        {
            known.Add(kind, documentId);
            return;
        }

        var hash = XxHash64.HashToUInt64(Encoding.UTF8.GetBytes(text), _seed);
        if (_kept.Count >= _capacity)
        {
            // The threshold only falls, so a query rejected or evicted once is rejected every later time too.
            if (!_largestFirst.TryPeek(out _, out var largest) || hash >= largest)
            {
                return;
            }

            _kept.Remove(_largestFirst.Dequeue());
        }

        var candidate = new Candidate(hash);
        candidate.Add(kind, documentId);
        _kept[text] = candidate;
        _largestFirst.Enqueue(text, hash);
    }

    /// <summary>The sample in hash order (a seeded shuffle), without ambiguous pseudo-queries.</summary>
    public IReadOnlyList<SampledQuery> Result() =>
        _kept
            .Where(pair => pair.Value.Kind == QueryKind.Faq || pair.Value.Documents.Count == 1)
            .OrderBy(pair => pair.Value.Hash)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => new SampledQuery(string.Create(CultureInfo.InvariantCulture, $"q{pair.Value.Hash:x16}"), pair.Key, pair.Value.Kind, pair.Value.Documents))
            .ToList();

    private sealed class Candidate(ulong hash)
    {
        public ulong Hash { get; } = hash;

        public QueryKind Kind { get; private set; } = QueryKind.Title;

        public List<string> Documents { get; } = [];

        public void Add(QueryKind kind, string documentId)
        {
            Kind = kind < Kind ? kind : Kind;
            if (!Documents.Contains(documentId, StringComparer.Ordinal))
            {
                Documents.Add(documentId);
            }
        }
    }
}
