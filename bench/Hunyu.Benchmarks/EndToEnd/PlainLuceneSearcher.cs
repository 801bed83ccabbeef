using Hunyu.Search.Lucene;
using Hunyu.Text.Normalization;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// The baseline searcher: one <see cref="IndexSearcher"/> over a committed index directory, BM25 with
/// Hunyu's constants, Hunyu's query (<see cref="ChunkQueryBuilder"/> over the normalised text), top k,
/// stored fields of every hit loaded.
/// </summary>
internal sealed class PlainLuceneSearcher : IDisposable
{
    private readonly FSDirectory _directory;
    private readonly DirectoryReader _reader;

    public PlainLuceneSearcher(string indexPath)
    {
        _directory = FSDirectory.Open(indexPath);
        _reader = DirectoryReader.Open(_directory);
        Searcher = new IndexSearcher(_reader) { Similarity = new BM25Similarity(SearchTuning.K1, SearchTuning.B) };
    }

    public IndexSearcher Searcher { get; }

    /// <summary>Chunk ids of the top <paramref name="limit"/> hits, their stored fields loaded.</summary>
    public List<string> Search(string text, int limit, Filter? filter = null, FilteredQuery.FilterStrategy? strategy = null)
    {
        Query? query = ChunkQueryBuilder.Build(TextNormalizer.Normalize(text));
        if (query is null)
        {
            return [];
        }

        if (filter is not null && strategy is not null)
        {
            query = new FilteredQuery(query, filter, strategy);
            filter = null;
        }

        var top = Searcher.Search(query, filter, limit);
        var ids = new List<string>(top.ScoreDocs.Length);
        foreach (var scored in top.ScoreDocs)
        {
            var stored = Searcher.Doc(scored.Doc);
            ids.Add(stored.Get(IndexFields.ChunkId));
        }

        return ids;
    }

    /// <summary>Chunk ids and scores of the top hits, for checking that two searchers agree.</summary>
    public List<(string Id, float Score)> SearchScored(string text, int limit)
    {
        var query = ChunkQueryBuilder.Build(TextNormalizer.Normalize(text));
        return query is null
            ? []
            : Searcher.Search(query, limit).ScoreDocs.Select(d => (Searcher.Doc(d.Doc).Get(IndexFields.ChunkId), d.Score)).ToList();
    }

    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
    }
}
