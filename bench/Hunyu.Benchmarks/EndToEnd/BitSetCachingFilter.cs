using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Util;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// A <see cref="CachingWrapperFilter"/> that caches each segment's matches as a <see cref="FixedBitSet"/>,
/// which offers random access (<c>Bits</c>); the default cache (WAH8) does not, so a filter using it still leap-frogs.
/// </summary>
internal sealed class BitSetCachingFilter(Filter filter) : CachingWrapperFilter(filter)
{
    protected override DocIdSet CacheImpl(DocIdSetIterator iterator, AtomicReader reader)
    {
        var bits = new FixedBitSet(reader.MaxDoc);
        bits.Or(iterator);
        return bits;
    }
}
