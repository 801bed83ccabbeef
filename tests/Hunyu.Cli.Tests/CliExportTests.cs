using System.Text.Json;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu export</c> end to end: JSON summaries, the BEIR round trip through <c>hunyu eval</c>, and refusals.</summary>
public sealed class CliExportTests
{
    private const string ResidentId = "11010519491231002X";
    private const string Mobile = "13812345678";

    [Fact]
    public async Task Export_PretrainWithJson_PrintsTheSummaryAndWritesNoPii()
    {
        // PII masking at ingest is off, so the export's own last guard is what keeps the values out.
        using var folder = await IngestedAsync(maskAtIngest: false);
        var output = Path.Combine(folder.Root, "pretrain.jsonl");

        var json = (await Cli.RunAsync(folder, "export", "pretrain", "--domain", "faq", "--out", output, "--json")).AssertSuccess().Json();

        Assert.Equal("pretrain", json.GetProperty("kind").GetString());
        Assert.Equal(3, json.GetProperty("documents").GetInt32());
        Assert.Equal(3, json.GetProperty("records").GetInt32());
        Assert.True(json.GetProperty("pii_masked").GetInt32() >= 2);
        Assert.Equal(new FileInfo(output).Length, json.GetProperty("bytes").GetInt64());
        Assert.Equal(JsonValueKind.Number, json.GetProperty("seconds").ValueKind);
        Assert.Equal(output, json.GetProperty("out").GetString());
        var content = await File.ReadAllTextAsync(output);
        Assert.DoesNotContain(ResidentId, content, StringComparison.Ordinal);
        Assert.DoesNotContain(Mobile, content, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_SftWithJson_SaysNoGeneratorRan()
    {
        using var folder = await IngestedAsync();
        var output = Path.Combine(folder.Root, "sft.jsonl");

        var result = (await Cli.RunAsync(folder, "export", "sft", "-d", "faq", "-o", output, "--json")).AssertSuccess();

        var json = result.Json();
        Assert.Equal(0, json.GetProperty("generated").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("generator").ValueKind);
        Assert.Equal(4, json.GetProperty("records").GetInt32());
        Assert.All(File.ReadLines(output), line =>
        {
            using var pair = JsonDocument.Parse(line);
            foreach (var field in new[] { "instruction", "output", "source_id", "document_id", "citation" })
            {
                Assert.False(string.IsNullOrEmpty(pair.RootElement.GetProperty(field).GetString()), field);
            }
        });
    }

    [Fact]
    public async Task Export_Beir_RunsUnderHunyuEval()
    {
        using var folder = await IngestedAsync();
        var output = Path.Combine(folder.Root, "faq-set");

        var export = (await Cli.RunAsync(folder, "export", "beir", "-d", "faq", "--out", output, "--queries", "50", "--json")).AssertSuccess().Json();
        var eval = (await Cli.RunAsync(folder, "eval", "--dataset", output, "--json")).AssertSuccess().Json();

        Assert.True(export.GetProperty("queries").GetInt32() > 0);
        Assert.Equal(export.GetProperty("queries").GetInt32(), eval.GetProperty("queries").GetInt32());
        Assert.Equal(3, eval.GetProperty("documents").GetInt32());
        Assert.True(eval.GetProperty("recall_at_10").GetDouble() > 0.9, eval.ToString());
    }

    [Fact]
    public async Task Export_HumanOutput_SaysWhatWasWritten()
    {
        using var folder = await IngestedAsync();

        var text = (await Cli.RunAsync(folder, "export", "sft", "-d", "faq", "-o", Path.Combine(folder.Root, "s.jsonl"))).AssertSuccess().PlainOutput;

        Assert.Contains("exported 3 documents", text, StringComparison.Ordinal);
        Assert.Contains("generator: none", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_UnknownDomain_IsNotFoundExitThree()
    {
        using var folder = await IngestedAsync();

        var line = (await Cli.RunAsync(folder, "export", "pretrain", "-d", "nosuch", "-o", Path.Combine(folder.Root, "x.jsonl"))).AssertError(3, "not_found");

        Assert.Contains("nosuch", line, StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder.Root, "x.jsonl")));
    }

    [Fact]
    public async Task Export_ExistingOutput_RefusedUnlessForce()
    {
        using var folder = await IngestedAsync();
        var output = folder.Write("out.jsonl", "old");

        var line = (await Cli.RunAsync(folder, "export", "pretrain", "-d", "faq", "-o", output)).AssertError(2, "invalid_argument");
        (await Cli.RunAsync(folder, "export", "pretrain", "-d", "faq", "-o", output, "--force")).AssertSuccess();

        Assert.Contains("--force", line, StringComparison.Ordinal);
        Assert.Equal(3, File.ReadLines(output).Count());
    }

    [Fact]
    public async Task Export_UnwritableOutput_IsOneLineInvalidArgument()
    {
        using var folder = await IngestedAsync();
        var blocker = folder.Write("blocker", string.Empty);

        var line = (await Cli.RunAsync(folder, "export", "beir", "-d", "faq", "-o", Path.Combine(blocker, "set"))).AssertError(2, "invalid_argument");

        Assert.Contains("cannot be written", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_BadQueryCountOrMissingOut_IsInvalidArgument()
    {
        using var folder = await IngestedAsync();

        (await Cli.RunAsync(folder, "export", "beir", "-d", "faq", "-o", Path.Combine(folder.Root, "b"), "--queries", "0")).AssertError(2, "invalid_argument");
        (await Cli.RunAsync(folder, "export", "pretrain", "-d", "faq")).AssertError(2, "invalid_argument");
    }

    private static async Task<TestFolder> IngestedAsync(bool maskAtIngest = true)
    {
        var folder = new TestFolder();
        if (!maskAtIngest)
        {
            Directory.CreateDirectory(folder.Data);
            File.WriteAllText(Path.Combine(folder.Data, "hunyu.json"), """{ "Hunyu": { "Governance": { "Pii": { "Enabled": false } } } }""");
        }

        folder.Write("faq/leave.md", $"""
            # 休假问答

            ## 年假有几天？

            入职满一年的员工每年有五天带薪年假。

            ## 联系

            问：找谁咨询？
            答：人事部，手机 {Mobile}。
            """);
        folder.Write("faq/table.csv", $"""
            question,answer
            如何申请加班费？,提交申请并由主管审批。身份证号{ResidentId}用于核验。
            What is the dress code?,Business casual on weekdays.
            """);
        (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "faq"), "--domain", "faq")).AssertSuccess();
        return folder;
    }
}
