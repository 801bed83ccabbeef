using System.Text;
using System.Text.Json;

namespace Hunyu.Hosting.Tests.Evaluation;

/// <summary>
/// A small BEIR dataset: ten documents on unrelated topics and six queries, five of them judged. Four judged queries
/// use words only their relevant document contains; the fifth is judged relevant to a document it shares no word
/// with, so every metric averages to exactly 4/5.
/// </summary>
internal static class BeirDatasetWriter
{
    public const int Documents = 10;
    public const int JudgedQueries = 5;
    public const double ExpectedScore = 0.8;

    private static readonly (string Id, string Title, string Text)[] Corpus =
    [
        ("d0", "大熊猫", "大熊猫主要以竹子为食，栖息在四川的高山竹林中。"),
        ("d1", "长城", "长城始建于春秋战国时期，明代重修的部分保存最为完整。"),
        ("d2", "光合作用", "植物的叶绿体利用阳光把二氧化碳和水合成葡萄糖。"),
        ("d3", "围棋", "围棋棋盘有十九路纵横线，黑白双方轮流落子。"),
        ("d4", "高铁", "京沪高铁全长一千三百公里，最高运营时速三百五十公里。"),
        ("d5", "茶叶", "龙井茶产于杭州西湖一带，属于绿茶。"),
        ("d6", "火山", "火山喷发时岩浆从地壳裂缝涌出，冷却后形成玄武岩。"),
        ("d7", "京剧", "京剧的角色分为生旦净丑四大行当。"),
        ("d8", "珊瑚礁", "珊瑚虫分泌碳酸钙骨骼，逐渐堆积成珊瑚礁。"),
        ("d9", "活字印刷", "毕昇发明了泥活字印刷术，比古登堡早约四百年。"),
    ];

    private static readonly (string Id, string Text, string? Relevant)[] Queries =
    [
        ("q0", "大熊猫吃竹子", "d0"),
        ("q1", "叶绿体 葡萄糖", "d2"),
        ("q2", "围棋棋盘几路", "d3"),
        ("q3", "毕昇 泥活字", "d9"),
        ("q4", "京沪高铁时速", "d6"),
        ("q5", "龙井茶产地", null),
    ];

    /// <summary>Writes the dataset; <paramref name="idField"/> names the id of corpus and query lines ("id" as in the shared sets, "_id" as in BEIR's own files).</summary>
    public static string Write(string directory, string idField = "id")
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllLines(Path.Combine(directory, "corpus.jsonl"), Corpus.Select(d => JsonSerializer.Serialize(new Dictionary<string, string> { [idField] = d.Id, ["title"] = d.Title, ["text"] = d.Text })), utf8);
        File.WriteAllLines(Path.Combine(directory, "queries.jsonl"), Queries.Select(q => JsonSerializer.Serialize(new Dictionary<string, string> { [idField] = q.Id, ["text"] = q.Text })), utf8);
        File.WriteAllLines(
            Path.Combine(directory, "qrels.tsv"),
            ["query-id\tcorpus-id\tscore", .. Queries.Where(q => q.Relevant is not null).Select(q => $"{q.Id}\t{q.Relevant}\t1")],
            utf8);
        return directory;
    }
}
