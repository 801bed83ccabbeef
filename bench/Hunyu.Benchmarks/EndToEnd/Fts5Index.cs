using Hunyu.Search.Lucene;
using Lucene.Net.Analysis;
using Lucene.Net.Analysis.TokenAttributes;
using Microsoft.Data.Sqlite;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>
/// The SQLite FTS5 peer: every article pre-segmented with Hunyu's own index analyzer (jieba words in one
/// column, CJK bigrams in another), space-joined, and indexed with FTS5's <c>unicode61</c> tokenizer.
/// </summary>
internal sealed class Fts5Index : IDisposable
{
    private readonly SqliteConnection _connection;
    private readonly SqliteCommand _search;
    private readonly SqliteParameter _match;
    private readonly SqliteParameter _limit;

    private Fts5Index(SqliteConnection connection, bool withBigrams)
    {
        _connection = connection;
        _search = connection.CreateCommand();
        // bm25() weights follow the column order (id, text, words, bigrams); FTS5's bm25 is lower-is-better.
        _search.CommandText = withBigrams
            ? $"SELECT id, text FROM docs WHERE docs MATCH $match ORDER BY bm25(docs, 0, 0, 1.0, {SearchTuning.BigramWeight}) LIMIT $limit"
            : "SELECT id, text FROM docs WHERE docs MATCH $match ORDER BY bm25(docs, 0, 0, 1.0, 0) LIMIT $limit";
        _match = _search.Parameters.Add("$match", SqliteType.Text);
        _limit = _search.Parameters.Add("$limit", SqliteType.Integer);
        WithBigrams = withBigrams;
    }

    public bool WithBigrams { get; }

    /// <summary>Space-joined terms of <paramref name="text"/> as Hunyu's index analyzer makes them for <paramref name="field"/>.</summary>
    public static string Tokens(string field, string text)
    {
        var terms = new List<string>();
        using var stream = ChunkAnalyzers.Index.GetTokenStream(field, text);
        var term = stream.AddAttribute<ICharTermAttribute>();
        stream.Reset();
        while (stream.IncrementToken())
        {
            terms.Add(term.ToString());
        }

        stream.End();
        return string.Join(' ', terms);
    }

    /// <summary>Creates the database file and inserts the pre-segmented rows in one transaction, then optimises.</summary>
    public static void Build(string path, IEnumerable<(string Id, string Text, string Words, string Bigrams)> rows)
    {
        using var connection = Open(path);
        Execute(connection, "CREATE VIRTUAL TABLE docs USING fts5(id UNINDEXED, text UNINDEXED, words, bigrams, tokenize = 'unicode61')");
        using (var transaction = connection.BeginTransaction())
        {
            using var insert = connection.CreateCommand();
            insert.CommandText = "INSERT INTO docs (id, text, words, bigrams) VALUES ($id, $text, $words, $bigrams)";
            var id = insert.Parameters.Add("$id", SqliteType.Text);
            var text = insert.Parameters.Add("$text", SqliteType.Text);
            var words = insert.Parameters.Add("$words", SqliteType.Text);
            var bigrams = insert.Parameters.Add("$bigrams", SqliteType.Text);
            foreach (var row in rows)
            {
                id.Value = row.Id;
                text.Value = row.Text;
                words.Value = row.Words;
                bigrams.Value = row.Bigrams;
                insert.ExecuteNonQuery();
            }

            transaction.Commit();
        }

        Execute(connection, "INSERT INTO docs (docs) VALUES ('optimize')");
    }

    public static Fts5Index OpenForSearch(string path, bool withBigrams) => new(Open(path), withBigrams);

    /// <summary>The FTS5 query for a question: an OR of its quoted content words (and bigrams); null when it has none.</summary>
    public string? MatchExpression(IReadOnlyList<string> words, IReadOnlyList<string> bigrams)
    {
        var clauses = new List<string>();
        if (words.Count > 0)
        {
            clauses.Add($"words : ({string.Join(" OR ", words.Distinct(StringComparer.Ordinal).Select(Quote))})");
        }

        if (WithBigrams && bigrams.Count > 0)
        {
            clauses.Add($"bigrams : ({string.Join(" OR ", bigrams.Distinct(StringComparer.Ordinal).Select(Quote))})");
        }

        return clauses.Count == 0 ? null : string.Join(" OR ", clauses);
    }

    /// <summary>Ids of the best <paramref name="limit"/> rows (their text read too, as a search page would).</summary>
    public List<string> Search(string? match, int limit)
    {
        var ids = new List<string>(limit);
        if (match is null)
        {
            return ids;
        }

        _match.Value = match;
        _limit.Value = limit;
        using var reader = _search.ExecuteReader();
        while (reader.Read())
        {
            ids.Add(reader.GetString(0));
            _ = reader.GetString(1);
        }

        return ids;
    }

    public void Dispose()
    {
        _search.Dispose();
        _connection.Dispose();
    }

    private static string Quote(string term) => "\"" + term.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    private static SqliteConnection Open(string path)
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static void Execute(SqliteConnection connection, string sql)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }
}
