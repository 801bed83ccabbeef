using System.Buffers;
using System.Collections.Concurrent;
using System.Runtime.CompilerServices;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Hunyu.Search.Lucene;

/// <summary>
/// Admits the chunks whose effective ACL (the <see cref="IndexFields.Access"/> doc value) permits one principal. It is
/// applied inside the search, before ranking and counting, for lexical and dense retrieval alike.
/// </summary>
/// <remarks>
/// <para>PERF: the admitted set of a segment is computed once per principal and cached with the segment's reader; an
/// ACL change updates the doc values, which gives the segment a new reader, so a stale set is never used.</para>
/// <para>SECURITY: a chunk without the doc value (an index written before ACLs were doc values) is admitted to no one
/// but administrators, who are never filtered.</para>
/// </remarks>
public sealed class AclFilter : Filter
{
    /// <summary>Most principals whose sets one segment reader keeps; beyond it sets are computed per query.</summary>
    public const int MaxCachedPrincipals = 1_024;

    private static readonly ConditionalWeakTable<AtomicReader, ConcurrentDictionary<string, FixedBitSet>> Admitted = new();

    private readonly HashSet<string> _tokens;
    private readonly string _key;

    /// <summary>Creates the filter for a principal with the ACL <paramref name="tokens"/> (<c>*</c>, <c>user:X</c>, <c>group:G</c>).</summary>
    public AclFilter(IEnumerable<string> tokens)
    {
        ArgumentNullException.ThrowIfNull(tokens);
        _tokens = new HashSet<string>(tokens, StringComparer.Ordinal);
        _key = string.Join('\n', _tokens.Order(StringComparer.Ordinal));
    }

    /// <inheritdoc />
    public override DocIdSet GetDocIdSet(AtomicReaderContext context, IBits acceptDocs)
    {
        ArgumentNullException.ThrowIfNull(context);
        var reader = context.AtomicReader;
        var sets = Admitted.GetValue(reader, _ => new ConcurrentDictionary<string, FixedBitSet>(StringComparer.Ordinal));
        if (!sets.TryGetValue(_key, out var admitted))
        {
            admitted = Compute(reader);
            if (sets.Count < MaxCachedPrincipals)
            {
                sets.TryAdd(_key, admitted);
            }
        }

        return BitsFilteredDocIdSet.Wrap(admitted, acceptDocs);
    }

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is AclFilter other && other._key == _key;

    /// <inheritdoc />
    public override int GetHashCode() => _key.GetHashCode(StringComparison.Ordinal);

    /// <inheritdoc />
    public override string ToString() => "acl(" + _key.Replace('\n', ',') + ")";

    private FixedBitSet Compute(AtomicReader reader)
    {
        var admitted = new FixedBitSet(reader.MaxDoc);
        var values = reader.GetBinaryDocValues(IndexFields.Access);
        if (values is null)
        {
            return admitted;
        }

        var tokens = _tokens.GetAlternateLookup<ReadOnlySpan<char>>();
        var value = new BytesRef();
        var scratch = ArrayPool<char>.Shared.Rent(256);
        var previous = ArrayPool<byte>.Shared.Rent(256);
        var previousLength = -1;
        var previousAdmits = false;
        try
        {
            for (var doc = 0; doc < reader.MaxDoc; doc++)
            {
                values.Get(doc, value);
                var bytes = value.Bytes.AsSpan(value.Offset, value.Length);
                // PERF: a document's chunks are adjacent and share one ACL; decide once per run of equal values.
                if (previousLength != bytes.Length || !bytes.SequenceEqual(previous.AsSpan(0, previousLength)))
                {
                    if (scratch.Length < bytes.Length)
                    {
                        ArrayPool<char>.Shared.Return(scratch);
                        scratch = ArrayPool<char>.Shared.Rent(bytes.Length);
                    }

                    if (previous.Length < bytes.Length)
                    {
                        ArrayPool<byte>.Shared.Return(previous);
                        previous = ArrayPool<byte>.Shared.Rent(bytes.Length);
                    }

                    bytes.CopyTo(previous);
                    previousLength = bytes.Length;
                    previousAdmits = AclValue.Permits(bytes, tokens, scratch);
                }

                if (previousAdmits)
                {
                    admitted.Set(doc);
                }
            }
        }
        finally
        {
            ArrayPool<char>.Shared.Return(scratch);
            ArrayPool<byte>.Shared.Return(previous);
        }

        return admitted;
    }
}
