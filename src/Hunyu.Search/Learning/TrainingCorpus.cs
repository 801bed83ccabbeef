using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Search.Lucene;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;
using JiebaNet.Segmenter;
using Lucene.Net.Analysis;
using Lucene.Net.Documents;
using Lucene.Net.Index;
using Lucene.Net.Search;
using Lucene.Net.Search.Similarities;
using Lucene.Net.Store;
using Lucene.Net.Util;
using Directory = Lucene.Net.Store.Directory;

namespace Hunyu.Search.Learning;

/// <summary>
/// A BEIR corpus in an in-memory Lucene index with the product's analyzers, fields and BM25 settings (one
/// Lucene document per record), plus each record's BM25 weight for every word of its <see cref="IndexFields.Words"/>
/// field, computed exactly as Lucene scores a one-term query, so the learner trains on the scores search will see.
/// </summary>
/// <remarks>Not thread-safe. Holds the corpus text in memory: sized for up to a few hundred thousand records.</remarks>
internal sealed class TrainingCorpus : IDisposable
{
    private const string OrdinalField = "ordinal";
    private static readonly Similarity Ranking = new BM25Similarity(SearchTuning.K1, SearchTuning.B);
    private readonly Analyzer _words = new JiebaAnalyzer(TokenizerMode.Search);
    private readonly Directory _directory;
    private readonly DirectoryReader _reader;
    private readonly IndexSearcher _searcher;
    private readonly string[] _ids;
    private readonly string[] _texts;
    private readonly int[] _ordinalOfDoc;
    private readonly int[] _docOfOrdinal;
    private readonly Dictionary<string, int> _ordinalOfId;
    private readonly Dictionary<string, int> _termIds = new(StringComparer.Ordinal);
    private readonly List<string> _terms = [];
    private readonly List<float> _idf = [];
    private readonly List<int> _documentFrequency = [];
    private readonly Dictionary<int, DocumentTerms> _weights = [];
    private readonly float[] _lengthNorm = new float[256];

    private TrainingCorpus(Directory directory, string[] ids, string[] texts)
    {
        _directory = directory;
        _ids = ids;
        _texts = texts;
        _ordinalOfId = new Dictionary<string, int>(ids.Length, StringComparer.Ordinal);
        for (var i = 0; i < ids.Length; i++)
        {
            _ordinalOfId.TryAdd(ids[i], i);
        }

        _reader = DirectoryReader.Open(directory);
        _searcher = new IndexSearcher(_reader) { Similarity = Ranking };
        _ordinalOfDoc = new int[_reader.MaxDoc];
        _docOfOrdinal = new int[ids.Length];
        var fields = new HashSet<string>(StringComparer.Ordinal) { OrdinalField };
        for (var doc = 0; doc < _reader.MaxDoc; doc++)
        {
            var ordinal = _reader.Document(doc, fields).GetField(OrdinalField).GetInt32Value() ?? -1;
            _ordinalOfDoc[doc] = ordinal;
            _docOfOrdinal[ordinal] = doc;
        }

        // BM25 as Lucene 4.8 computes it: the field length is stored as one lossy byte, averages and idf use maxDoc.
        var statistics = _searcher.CollectionStatistics(IndexFields.Words);
        var averageLength = statistics.SumTotalTermFreq > 0 ? statistics.SumTotalTermFreq / (double)statistics.MaxDoc : 1;
        for (var i = 0; i < 256; i++)
        {
            var f = SmallSingle.Byte315ToSingle((byte)i);
            var length = 1f / (f * f);
            _lengthNorm[i] = (float)(SearchTuning.K1 * (1 - SearchTuning.B + (SearchTuning.B * length / averageLength)));
        }
    }

    /// <summary>Records in the corpus.</summary>
    public int Count => _ids.Length;

    /// <summary>Distinct words seen so far in the weighted records.</summary>
    public IReadOnlyList<string> Terms => _terms;

    /// <summary>Reads <paramref name="corpusPath"/> (BEIR <c>corpus.jsonl</c>: <c>_id</c> or <c>id</c>, <c>title</c>, <c>text</c>) and indexes it.</summary>
    /// <exception cref="HunyuException">The file is missing, a line is not JSON, or no record has text.</exception>
    public static TrainingCorpus Load(string corpusPath, CancellationToken cancellationToken)
    {
        if (!File.Exists(corpusPath))
        {
            throw new HunyuException(ErrorCode.PathNotFound, $"{corpusPath}: missing; a BEIR dataset needs corpus.jsonl, queries.jsonl and qrels.tsv");
        }

        var ids = new List<string>();
        var texts = new List<string>();
        var titles = new List<string>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(corpusPath))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                var id = Scalar(json.RootElement, "_id") is { Length: > 0 } beir ? beir : Scalar(json.RootElement, "id");
                var title = TextNormalizer.Normalize(Scalar(json.RootElement, "title"));
                var text = TextNormalizer.Normalize(Scalar(json.RootElement, "text"));
                if (id.Length > 0 && (title.Length > 0 || text.Length > 0))
                {
                    ids.Add(id);
                    titles.Add(title);
                    // The same context the chunk index gives every chunk: title, then text.
                    texts.Add(title.Length > 0 ? $"{title}\n{text}" : text);
                }
            }
            catch (JsonException e)
            {
                throw new HunyuException(ErrorCode.CorruptInput, $"{corpusPath}:{lineNumber}: not a JSON object ({e.Message})", e);
            }
        }

        if (ids.Count == 0)
        {
            throw new HunyuException(ErrorCode.EmptyInput, $"{corpusPath}: no record with an id and text");
        }

        var directory = new RAMDirectory();
        var config = new IndexWriterConfig(LuceneVersion.LUCENE_48, ChunkAnalyzers.Index) { Similarity = Ranking, RAMBufferSizeMB = 64 };
        using (var writer = new IndexWriter(directory, config))
        {
            for (var i = 0; i < ids.Count; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                writer.AddDocument(new Document
                {
                    new StoredField(OrdinalField, i),
                    new TextField(IndexFields.TitleWords, titles[i], Field.Store.NO),
                    new TextField(IndexFields.Words, texts[i], Field.Store.NO),
                    new TextField(IndexFields.Bigrams, texts[i], Field.Store.NO),
                });
            }

            writer.Commit();
        }

        return new TrainingCorpus(directory, [.. ids], [.. texts]);
    }

    /// <summary>The ordinal of record <paramref name="id"/>.</summary>
    public bool TryGetOrdinal(string id, out int ordinal) => _ordinalOfId.TryGetValue(id, out ordinal);

    /// <summary>The record id at <paramref name="ordinal"/>.</summary>
    public string IdOf(int ordinal) => _ids[ordinal];

    /// <summary>The top <paramref name="depth"/> records for <paramref name="query"/>, best first, with their scores.</summary>
    public List<(int Ordinal, float Score)> Search(Query query, int depth) =>
        _searcher.Search(query, depth).ScoreDocs.Select(hit => (_ordinalOfDoc[hit.Doc], hit.Score)).ToList();

    /// <summary>The score of one record for <paramref name="query"/> (0 when it does not match).</summary>
    public float Score(Query query, int ordinal) => _searcher.Explain(query, _docOfOrdinal[ordinal]).Value;

    /// <summary>Each word of the record's <see cref="IndexFields.Words"/> field with the BM25 score a one-term query with weight 1 gives the record.</summary>
    public DocumentTerms TermsOf(int ordinal)
    {
        if (_weights.TryGetValue(ordinal, out var cached))
        {
            return cached;
        }

        var words = QueryTerms.Analyze(_words, _texts[ordinal]);
        var frequencies = new Dictionary<int, int>();
        foreach (var word in words)
        {
            var id = TermId(word);
            frequencies[id] = frequencies.GetValueOrDefault(id) + 1;
        }

        var norm = _lengthNorm[SmallSingle.SingleToByte315(1f / MathF.Sqrt(Math.Max(1, words.Count)))];
        var terms = frequencies.Keys.Order().ToArray();
        var weights = terms.Select(t => _idf[t] * frequencies[t] * (SearchTuning.K1 + 1) / (frequencies[t] + norm)).ToArray();
        return _weights[ordinal] = new DocumentTerms(terms, weights, terms.Select(t => frequencies[t]).ToArray());
    }

    /// <summary>The id of <paramref name="word"/> in <see cref="Terms"/>, adding it when new.</summary>
    public int TermId(string word)
    {
        if (_termIds.TryGetValue(word, out var id))
        {
            return id;
        }

        id = _terms.Count;
        _termIds[word] = id;
        _terms.Add(word);
        var docFrequency = _reader.DocFreq(new Term(IndexFields.Words, word));
        _idf.Add((float)Math.Log(1 + ((_reader.MaxDoc - docFrequency + 0.5) / (docFrequency + 0.5))));
        _documentFrequency.Add(docFrequency);
        return id;
    }

    /// <summary>Records whose <see cref="IndexFields.Words"/> field contains term <paramref name="termId"/>.</summary>
    public int DocumentFrequency(int termId) => _documentFrequency[termId];

    /// <inheritdoc />
    public void Dispose()
    {
        _reader.Dispose();
        _directory.Dispose();
        _words.Dispose();
    }

    private static string Scalar(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText()
            : string.Empty;
}

/// <summary>A record's words (term ids, ascending), their BM25 weights and their counts in the record.</summary>
internal sealed record DocumentTerms(int[] Terms, float[] Weights, int[] Frequencies);
