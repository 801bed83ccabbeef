using System.Text;
using System.Text.Json;
using Hunyu.Benchmarks.EndToEnd;

namespace Hunyu.Benchmarks.Governance;

/// <summary>A pair of documents and whether the second is a (near) duplicate of the first.</summary>
internal sealed record NearDupPair(string Category, bool Duplicate, Article First, Article Second);

/// <summary>
/// Builds the near-duplicate benchmark from real text: a fixed selection of statute articles and CMRC/DRCD paragraphs
/// (the ids in <c>bench/data/neardup-variants.jsonl</c>), each paired with edited copies, a reordered copy, a copy with
/// added header/footer lines and its OpenCC script conversions (positives), and with its neighbouring article or
/// paragraph and a random one of the same law or article (negatives: same topic, different text).
/// </summary>
internal static class NearDupPairs
{
    public const int Seed = 20240917;

    private static readonly (string Before, string After)[] Headers =
    [
        ("来源：新华网 2024-03-15 10:32\n", "\n（责任编辑：李明）"),
        ("内部资料 注意保密\n", string.Empty),
        ("【转载】", "\n本文转自某某公众号，版权归原作者所有，如有侵权请联系删除。"),
    ];

    public static List<NearDupPair> Build(string dataRoot, string variantsFile)
    {
        var random = new Random(Seed);
        var corpora = new Dictionary<string, List<Article>>();
        foreach (var corpus in new[] { "statutes-zh", "cmrc2018-trial", "drcd-dev" })
        {
            corpora[corpus] = CorpusFile.ReadArticles(Path.Combine(dataRoot, corpus, "corpus.jsonl")).ToList();
        }

        var variants = File.ReadLines(variantsFile)
            .Select(line => JsonSerializer.Deserialize<Variant>(line, JsonSerializerOptions.Web)!)
            .ToList();
        var pairs = new List<NearDupPair>();
        foreach (var group in variants.GroupBy(v => (v.Corpus, v.Id)))
        {
            var articles = corpora[group.Key.Corpus];
            var index = articles.FindIndex(a => a.Id == group.Key.Id);
            var original = articles[index];
            foreach (var rate in new[] { 0.01, 0.03, 0.05 })
            {
                pairs.Add(new NearDupPair($"edit {rate:P0}", true, original, original with { Id = original.Id + "~edit", Text = Edit(original.Text, rate, random) }));
            }

            if (Reorder(original.Text) is { } reordered)
            {
                pairs.Add(new NearDupPair("reordered paragraphs", true, original, original with { Id = original.Id + "~reorder", Text = reordered }));
            }

            var (before, after) = Headers[index % Headers.Length];
            pairs.Add(new NearDupPair("added header/footer", true, original, original with { Id = original.Id + "~header", Text = before + original.Text + after }));
            foreach (var variant in group)
            {
                pairs.Add(new NearDupPair($"script ({variant.Conversion})", true, original, original with { Id = original.Id + "~" + variant.Conversion, Text = variant.Text }));
            }

            var topic = TopicOf(group.Key.Corpus, original);
            var sameTopic = Enumerable.Range(0, articles.Count).Where(i => i != index && TopicOf(group.Key.Corpus, articles[i]) == topic).ToList();
            if (sameTopic.Count > 0)
            {
                var neighbour = sameTopic.MinBy(i => Math.Abs(i - index));
                pairs.Add(new NearDupPair("neighbour (same law / article)", false, original, articles[neighbour]));
                pairs.Add(new NearDupPair("random same law / article", false, original, articles[sameTopic[random.Next(sameTopic.Count)]]));
            }
        }

        return pairs;
    }

    /// <summary>The law of a statute (id before '#'), the article title of a paragraph.</summary>
    private static string TopicOf(string corpus, Article article) =>
        corpus == "statutes-zh" ? article.Id[..article.Id.IndexOf('#', StringComparison.Ordinal)] : article.Title;

    /// <summary>Inserts, deletes or substitutes characters at random positions, <paramref name="rate"/> of the length in all (at least one).</summary>
    private static string Edit(string text, double rate, Random random)
    {
        var chars = new List<char>(text);
        var edits = Math.Max(1, (int)Math.Round(text.Length * rate));
        for (var e = 0; e < edits; e++)
        {
            var at = random.Next(chars.Count);
            var replacement = text[random.Next(text.Length)];
            switch (random.Next(3))
            {
                case 0: chars.Insert(at, replacement); break;
                case 1 when chars.Count > 1: chars.RemoveAt(at); break;
                default: chars[at] = replacement; break;
            }
        }

        return new string([.. chars]);
    }

    /// <summary>The sentences (or lines) rotated by half, so the second half comes first; null when there are fewer than three.</summary>
    private static string? Reorder(string text)
    {
        var pieces = new List<string>();
        var current = new StringBuilder();
        foreach (var c in text)
        {
            current.Append(c);
            if (c is '。' or '！' or '？' or '；' or '\n')
            {
                pieces.Add(current.ToString());
                current.Clear();
            }
        }

        if (current.Length > 0)
        {
            pieces.Add(current.ToString());
        }

        if (pieces.Count < 3)
        {
            return null;
        }

        var half = pieces.Count / 2;
        return string.Concat(pieces.Skip(half).Concat(pieces.Take(half)));
    }

    private sealed record Variant(string Corpus, string Id, string Conversion, string Text);
}
