using System.Text;
using System.Text.Json;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu eval</c> over a small BEIR dataset written by the test.</summary>
public sealed class CliEvalTests
{
    [Fact]
    public async Task Eval_SmallDatasetWithJson_PrintsOneObjectWithNumericMetrics()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "tiny"));

        var result = (await Cli.RunAsync(folder, "eval", "--dataset", dataset, "--json")).AssertSuccess();

        var json = result.Json();
        Assert.Equal(JsonValueKind.Object, json.ValueKind);
        foreach (var key in new[] { "ndcg_at_10", "recall_at_10", "recall_at_100", "mrr_at_10", "queries", "queries_per_second" })
        {
            Assert.True(json.TryGetProperty(key, out var value), $"missing {key} in {result.Output}");
            Assert.Equal(JsonValueKind.Number, value.ValueKind);
        }

        foreach (var key in new[] { "ndcg_at_10", "recall_at_10", "recall_at_100", "mrr_at_10" })
        {
            Assert.InRange(json.GetProperty(key).GetDouble(), 0, 1);
        }

        Assert.Equal(3, json.GetProperty("queries").GetInt32());
        Assert.Equal(4, json.GetProperty("documents").GetInt32());
        Assert.Equal(1.0, json.GetProperty("recall_at_10").GetDouble());
        Assert.True(json.GetProperty("queries_per_second").GetDouble() > 0);
        Assert.Equal("tiny", json.GetProperty("dataset").GetString());
        // Evaluation uses its own temporary store, not the data directory.
        Assert.False(Directory.Exists(Path.Combine(folder.Data, "indexes", "eval")));
    }

    [Fact]
    public async Task Eval_SmallDatasetWithoutJson_PrintsATableRowWithTheScores()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "tiny"));

        var result = (await Cli.RunAsync(folder, "eval", "--dataset", dataset)).AssertSuccess();

        var text = result.PlainOutput;
        Assert.Contains("tiny", text, StringComparison.Ordinal);
        Assert.Contains("1.0000", text, StringComparison.Ordinal);
        Assert.Contains("MRR@10", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_SmallDatasetWithoutJson_PrintsEveryMetricNameInFull()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "tiny"));

        var text = (await Cli.RunAsync(folder, "eval", "--dataset", dataset)).AssertSuccess().PlainOutput;

        foreach (var name in new[] { "dataset", "queries", "nDCG@10", "Recall@10", "Recall@100", "MRR@10", "queries/s" })
        {
            Assert.Contains(name, text, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Eval_MalformedQrels_Exits2CorruptInputNamingTheLine()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "tiny"));
        File.AppendAllText(Path.Combine(dataset, "qrels.tsv"), "q9 only-two-fields\n");

        var line = (await Cli.RunAsync(folder, "eval", "--dataset", dataset, "--json")).AssertError(2, "corrupt_input");

        Assert.Contains("qrels.tsv:5", line, StringComparison.Ordinal);
    }

    /// <summary>Four documents on unrelated topics; three queries, each answered by words only its document has.</summary>
    private static string WriteDataset(string directory)
    {
        Directory.CreateDirectory(directory);
        var utf8 = new UTF8Encoding(false);
        File.WriteAllLines(
            Path.Combine(directory, "corpus.jsonl"),
            [
                """{"id": "d0", "title": "大熊猫", "text": "大熊猫主要以竹子为食，栖息在四川的高山竹林中。"}""",
                """{"id": "d1", "title": "围棋", "text": "围棋棋盘有十九路纵横线，黑白双方轮流落子。"}""",
                """{"id": "d2", "title": "活字印刷", "text": "毕昇发明了泥活字印刷术。"}""",
                """{"id": "d3", "title": "火山", "text": "火山喷发时岩浆从地壳裂缝涌出。"}""",
            ],
            utf8);
        File.WriteAllLines(
            Path.Combine(directory, "queries.jsonl"),
            [
                """{"id": "q0", "text": "大熊猫吃竹子"}""",
                """{"id": "q1", "text": "围棋棋盘几路"}""",
                """{"id": "q2", "text": "毕昇 泥活字"}""",
            ],
            utf8);
        File.WriteAllLines(Path.Combine(directory, "qrels.tsv"), ["query-id\tcorpus-id\tscore", "q0\td0\t1", "q1\td1\t1", "q2\td2\t1"], utf8);
        return directory;
    }
}
