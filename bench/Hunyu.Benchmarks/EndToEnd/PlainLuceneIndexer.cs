using Hunyu.Search.Lucene;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// The baseline: a BEIR corpus indexed by Lucene.NET directly, one document per article, with Hunyu's
/// analyzers and analysed fields (title+text into <c>words</c>/<c>bigrams</c>, title into
/// <c>title_words</c>), the id and text stored, one commit, then ForceMerge(1) as Hunyu compacts.
/// </summary>
internal static class PlainLuceneIndexer
{
    /// <summary>Indexes <paramref name="corpusPath"/> into <paramref name="indexPath"/>; returns the number of documents.</summary>
    public static int Index(string corpusPath, string indexPath)
    {
        using var directory = FSDirectory.Open(indexPath);
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, ChunkAnalyzers.Index)
        {
            OpenMode = OpenMode.CREATE,
            Similarity = new BM25Similarity(SearchTuning.K1, SearchTuning.B),
            // Same RAM buffer as LuceneDomainIndex, so flushing is not what differs.
            RAMBufferSizeMB = 64,
        };
        var count = 0;
        using (var writer = new IndexWriter(directory, config))
        {
            foreach (var article in CorpusFile.ReadArticles(corpusPath))
            {
                var context = $"{article.Title}\n{article.Text}";
                writer.AddDocument(new Document
                {
                    new StringField(IndexFields.ChunkId, article.Id, Field.Store.YES),
                    new StoredField(IndexFields.Title, article.Title),
                    new StoredField(IndexFields.Text, article.Text),
                    new TextField(IndexFields.TitleWords, article.Title, Field.Store.NO),
                    new TextField(IndexFields.Words, context, Field.Store.NO),
                    new TextField(IndexFields.Bigrams, context, Field.Store.NO),
                });
                count++;
            }

            writer.Commit();
            writer.ForceMerge(1);
            writer.Commit();
        }

        return count;
    }
}
