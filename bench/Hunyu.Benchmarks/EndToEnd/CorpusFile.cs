using System.Text.Json;

namespace Hunyu.Benchmarks.EndToEnd;

/// <summary>One BEIR corpus record.</summary>
internal sealed record Article(string Id, string Title, string Text);

/// <summary>Reads BEIR <c>corpus.jsonl</c> / <c>queries.jsonl</c> files the plain way (one JSON object per line).</summary>
internal static class CorpusFile
{
    public static IEnumerable<Article> ReadArticles(string path)
    {
        foreach (var line in File.ReadLines(path))
        {
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            using var json = JsonDocument.Parse(line);
            var root = json.RootElement;
            yield return new Article(
                root.GetProperty("id").GetString() ?? string.Empty,
                root.TryGetProperty("title", out var title) ? title.GetString() ?? string.Empty : string.Empty,
                root.GetProperty("text").GetString() ?? string.Empty);
        }
    }

    /// <summary>The queries of <c>queries.jsonl</c> as (id, text), in file order.</summary>
    public static List<(string Id, string Text)> ReadQueries(string path) =>
        ReadArticles(path).Select(a => (a.Id, a.Text)).ToList();
}
