using System.Text.Json;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu learn</c> and <c>hunyu eval --learn</c> over a small BEIR dataset written by the test.</summary>
public sealed class CliLearnTests
{
    [Fact]
    public async Task LearnThenEval_WithHoldOut_EvaluatesOnlyTheHeldOutQuestions()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "lay"));
        var model = Path.Combine(folder.Root, "model");

        var learned = (await Cli.RunAsync(folder, "learn", "--dataset", dataset, "--out", model, "--holdout", "0.25", "--json")).AssertSuccess().Json();
        var report = (await Cli.RunAsync(folder, "eval", "--dataset", dataset, "--learn", model, "--json")).AssertSuccess().Json();

        Assert.Equal(6, learned.GetProperty("training_queries").GetInt32());
        Assert.Equal(2, learned.GetProperty("held_out_queries").GetInt32());
        Assert.True(File.Exists(Path.Combine(model, "expansion-model.json")));
        Assert.Equal(2, report.GetProperty("queries").GetInt32());
        Assert.Equal(6, report.GetProperty("excluded_training_queries").GetInt32());
    }

    [Fact]
    public async Task LearnThenEvalDomains_WithHoldOut_ScoresOnlyHeldOutQuestionsInEveryCopyOfTheLearnedDataset()
    {
        using var folder = new TestFolder();
        var lay = WriteDataset(Path.Combine(folder.Root, "lay"));
        var other = WriteDataset(Path.Combine(folder.Root, "other"));
        var model = Path.Combine(folder.Root, "model");
        (await Cli.RunAsync(folder, "learn", "--dataset", lay, "--out", model, "--holdout", "0.25")).AssertSuccess();

        var report = (await Cli.RunAsync(folder, "eval", "--domains", $"{lay},{other}", "--learn", model, "--json")).AssertSuccess().Json();

        // The model is keyed to the dataset's content, not its folder: the copy is the same dataset.
        Assert.Equal(12, report.GetProperty("excluded_training_queries").GetInt32());
        Assert.Equal(2, report.GetProperty("per_domain").GetProperty("lay").GetProperty("federated").GetProperty("queries").GetInt32());
        Assert.Equal(2, report.GetProperty("per_domain").GetProperty("other").GetProperty("oracle").GetProperty("queries").GetInt32());
    }

    [Fact]
    public async Task LearnWithAttach_ExpandsQuestionsOfThatDomainOnly()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "lay"));
        var corpus = Path.Combine(dataset, "corpus.jsonl");
        (await Cli.RunAsync(folder, "ingest", corpus, "--domain", "lay")).AssertSuccess();
        (await Cli.RunAsync(folder, "ingest", corpus, "--domain", "plain")).AssertSuccess();

        var learned = (await Cli.RunAsync(folder, "learn", "--dataset", dataset, "--out", Path.Combine(folder.Root, "model"), "--attach", "lay", "--json")).AssertSuccess().Json();
        var lay = (await Cli.RunAsync(folder, "search", "炒鱿鱼", "--domain", "lay", "--json")).AssertSuccess().Json().GetProperty("hits");
        var plain = (await Cli.RunAsync(folder, "search", "炒鱿鱼", "--domain", "plain", "--json")).AssertSuccess().Json().GetProperty("hits");

        Assert.Equal("lay", learned.GetProperty("attached_to").GetString());
        Assert.Equal("corpus.jsonl#labour", lay[0].GetProperty("document_key").GetString());
        Assert.Equal(0, plain.GetArrayLength());
    }

    [Fact]
    public async Task Eval_ModelTrainedOnEveryQuestion_FailsWithInvalidArgument()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "lay"));
        var model = Path.Combine(folder.Root, "model");
        (await Cli.RunAsync(folder, "learn", "--dataset", dataset, "--out", model)).AssertSuccess();

        var line = (await Cli.RunAsync(folder, "eval", "--dataset", dataset, "--learn", model)).AssertError(2, "invalid_argument");

        Assert.Contains("--holdout", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Learn_MissingDataset_FailsWithPathNotFound()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "learn", "--dataset", Path.Combine(folder.Root, "absent"), "--out", folder.Root)).AssertError(3, "path_not_found");
    }

    [Fact]
    public async Task Eval_MissingModel_FailsWithPathNotFound()
    {
        using var folder = new TestFolder();
        var dataset = WriteDataset(Path.Combine(folder.Root, "lay"));

        (await Cli.RunAsync(folder, "eval", "--dataset", dataset, "--learn", Path.Combine(folder.Root, "absent"))).AssertError(3, "path_not_found");
    }

    private static string WriteDataset(string directory)
    {
        Directory.CreateDirectory(directory);
        (string Id, string Text)[] articles =
        [
            ("labour", "用人单位解除劳动合同的，应当向劳动者支付经济补偿。"),
            ("lease", "承租人应当按照约定的期限支付租金。"),
            ("traffic", "机动车发生交通事故造成人身伤亡的，由保险公司予以赔偿。"),
        ];
        (string Id, string Text, string Relevant)[] questions =
        [
            ("q1", "老板把我炒鱿鱼了能拿钱吗", "labour"), ("q2", "被公司炒鱿鱼有没有钱拿", "labour"), ("q3", "炒鱿鱼以后老板要给钱吗", "labour"),
            ("q4", "房东催我交房租怎么办", "lease"), ("q5", "欠房东的房租要交吗", "lease"), ("q6", "房租晚交几天房东会怎样", "lease"),
            ("q7", "开车撞了人谁来赔钱", "traffic"), ("q8", "撞车以后谁赔钱", "traffic"),
        ];
        File.WriteAllLines(Path.Combine(directory, "corpus.jsonl"), articles.Select(a => JsonSerializer.Serialize(new { _id = a.Id, title = a.Id, text = a.Text })));
        File.WriteAllLines(Path.Combine(directory, "queries.jsonl"), questions.Select(q => JsonSerializer.Serialize(new { _id = q.Id, text = q.Text })));
        File.WriteAllLines(Path.Combine(directory, "qrels.tsv"), questions.Select(q => $"{q.Id}\t{q.Relevant}\t1").Prepend("query-id\tcorpus-id\tscore"));
        return directory;
    }
}
