using System.Text;
using Hunyu.Benchmarks.EndToEnd;

namespace Hunyu.Benchmarks.Micro;

/// <summary>Inputs cut from the shared statutes corpus, so the micro-benchmarks see real Chinese legal text.</summary>
internal static class MicroData
{
    /// <summary>A lay question from stard-train (STARD_3).</summary>
    public const string LayQuestion = "名为“个体工商户”实为“合伙”，内部发生纠纷时如何认定？";

    private static readonly Lazy<List<Article>> Corpus = new(() =>
        CorpusFile.ReadArticles(Path.Combine(BenchOptions.DefaultDataRoot(BenchOptions.FindRepoRoot()), "statutes-zh", "corpus.jsonl")).ToList());

    public static IReadOnlyList<Article> Articles => Corpus.Value;

    /// <summary>Article texts joined by newlines until <paramref name="utf8Bytes"/> UTF-8 bytes.</summary>
    public static string Text(int utf8Bytes)
    {
        var text = new StringBuilder();
        var bytes = 0;
        foreach (var article in Articles)
        {
            if (bytes >= utf8Bytes)
            {
                break;
            }

            text.Append(article.Title).Append('\n').Append(article.Text).Append('\n');
            bytes += Encoding.UTF8.GetByteCount(article.Title) + Encoding.UTF8.GetByteCount(article.Text) + 2;
        }

        return text.ToString();
    }

    /// <summary>The articles of one law (by id prefix, e.g. "民法典#").</summary>
    public static List<Article> Law(string idPrefix) => Articles.Where(a => a.Id.StartsWith(idPrefix, StringComparison.Ordinal)).ToList();
}
