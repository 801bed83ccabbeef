using System.Text.Json;
using Hunyu.Core.Errors;

namespace Hunyu.Search.Evaluation;

/// <summary>
/// A retrieval test set in the BEIR layout: <c>corpus.jsonl</c> ({id,title,text}), <c>queries.jsonl</c>
/// ({id,text}) and <c>qrels.tsv</c> (header <c>query-id corpus-id score</c>).
/// </summary>
/// <param name="Name">The folder name.</param>
/// <param name="CorpusPath">Path of corpus.jsonl.</param>
/// <param name="Queries">Queries that have at least one relevance judgement, in file order.</param>
/// <param name="Qrels">Relevance grades by query id, then corpus id.</param>
public sealed record BeirDataset(
    string Name,
    string CorpusPath,
    IReadOnlyList<BeirQuery> Queries,
    IReadOnlyDictionary<string, IReadOnlyDictionary<string, int>> Qrels)
{
    /// <summary>Reads the dataset in <paramref name="directory"/>.</summary>
    /// <exception cref="HunyuException">The folder or one of its files is missing or malformed, naming the file and line.</exception>
    public static BeirDataset Load(string directory)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(directory);
        if (!Directory.Exists(directory))
        {
            throw new HunyuException(ErrorCode.PathNotFound, $"{directory}: no such dataset directory");
        }

        var corpus = RequireFile(directory, "corpus.jsonl");
        var qrels = ReadQrels(RequireFile(directory, "qrels.tsv"));
        var queriesPath = RequireFile(directory, "queries.jsonl");
        var queries = ReadQueries(queriesPath).Where(q => qrels.ContainsKey(q.Id)).ToList();
        if (queries.Count == 0)
        {
            throw new HunyuException(ErrorCode.CorruptInput, $"{queriesPath}: no query has a judgement in qrels.tsv (ids are read from \"id\" or \"_id\")");
        }

        var name = Path.GetFileName(Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory)));
        return new BeirDataset(name, corpus, queries, qrels);
    }

    private static string RequireFile(string directory, string name)
    {
        var path = Path.Combine(directory, name);
        return File.Exists(path)
            ? path
            : throw new HunyuException(ErrorCode.PathNotFound, $"{path}: missing; a BEIR dataset needs corpus.jsonl, queries.jsonl and qrels.tsv");
    }

    private static List<BeirQuery> ReadQueries(string path)
    {
        var queries = new List<BeirQuery>();
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            try
            {
                using var json = JsonDocument.Parse(line);
                // BEIR's own files name the id "_id"; converted sets often use "id".
                var id = ReadScalar(json.RootElement, "id") is { Length: > 0 } plain ? plain : ReadScalar(json.RootElement, "_id");
                var text = ReadScalar(json.RootElement, "text");
                if (id.Length > 0 && text.Length > 0)
                {
                    queries.Add(new BeirQuery(id, text));
                }
            }
            catch (JsonException e)
            {
                throw new HunyuException(ErrorCode.CorruptInput, $"{path}:{lineNumber}: not a JSON object ({e.Message})", e);
            }
        }

        return queries;
    }

    private static Dictionary<string, IReadOnlyDictionary<string, int>> ReadQrels(string path)
    {
        var qrels = new Dictionary<string, Dictionary<string, int>>(StringComparer.Ordinal);
        var lineNumber = 0;
        foreach (var line in File.ReadLines(path))
        {
            lineNumber++;
            var fields = line.Split('\t');
            if (lineNumber == 1 && fields[0] == "query-id")
            {
                continue;
            }

            if (fields.Length < 3 || !int.TryParse(fields[2], out var grade))
            {
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                throw new HunyuException(ErrorCode.CorruptInput, $"{path}:{lineNumber}: expected 'query-id<TAB>corpus-id<TAB>score'");
            }

            if (!qrels.TryGetValue(fields[0], out var judged))
            {
                qrels[fields[0]] = judged = new Dictionary<string, int>(StringComparer.Ordinal);
            }

            judged[fields[1]] = grade;
        }

        return qrels.ToDictionary(p => p.Key, p => (IReadOnlyDictionary<string, int>)p.Value, StringComparer.Ordinal);
    }

    private static string ReadScalar(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value)
            ? value.ValueKind == JsonValueKind.String ? value.GetString() ?? string.Empty : value.GetRawText()
            : string.Empty;
}

/// <summary>One evaluation query.</summary>
public sealed record BeirQuery(string Id, string Text);
