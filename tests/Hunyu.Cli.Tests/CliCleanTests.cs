using System.Text;
using System.Text.Json;

namespace Hunyu.Cli.Tests;

/// <summary><c>hunyu clean</c>: the governance pipeline without indexing, over a BEIR corpus or files.</summary>
public sealed class CliCleanTests
{
    private const string Statute = "用人单位自用工之日起即与劳动者建立劳动关系。用人单位应当建立职工名册备查。";
    private const string Other = "用人单位招用劳动者时，应当如实告知劳动者工作内容、工作条件、工作地点、职业危害、安全生产状况、劳动报酬。";

    [Fact]
    public async Task Clean_Dataset_Json_HasTheContractKeysAndReportsEveryDrop()
    {
        using var folder = new TestFolder();
        var dataset = Path.Combine(folder.Root, "beir");
        Directory.CreateDirectory(dataset);
        File.WriteAllLines(Path.Combine(dataset, "corpus.jsonl"),
        [
            JsonSerializer.Serialize(new { _id = "a", title = "第七条", text = Statute }),
            JsonSerializer.Serialize(new { _id = "b", title = "第七条", text = Statute }),
            JsonSerializer.Serialize(new { _id = "c", title = "第八条", text = Other }),
            JsonSerializer.Serialize(new { _id = "d", title = "第八条", text = Other.Replace("工作地点、", string.Empty, StringComparison.Ordinal) }),
            JsonSerializer.Serialize(new { _id = "e", title = "乱码", text = "\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD\uFFFD" }),
            "{not json",
        ]);

        var json = (await Cli.RunAsync(folder, "clean", "--dataset", dataset, "--json")).Json();

        foreach (var key in new[] { "documents", "kept", "duplicates", "pii", "dropped", "seconds" })
        {
            Assert.True(json.TryGetProperty(key, out _), key);
        }

        Assert.Equal(6, json.GetProperty("documents").GetInt32());
        Assert.Equal(2, json.GetProperty("kept").GetInt32());
        var duplicates = json.GetProperty("duplicates").EnumerateArray().ToList();
        Assert.Contains(duplicates, d => d.GetProperty("id").GetString() == "b" && d.GetProperty("duplicate_of").GetString() == "a" && d.GetProperty("kind").GetString() == "exact");
        Assert.Contains(duplicates, d => d.GetProperty("id").GetString() == "d" && d.GetProperty("duplicate_of").GetString() == "c" && d.GetProperty("kind").GetString() == "near");
        var dropped = json.GetProperty("dropped").EnumerateArray().ToList();
        Assert.Contains(dropped, d => d.GetProperty("id").GetString() == "e" && d.GetProperty("step").GetString() == "screen");
        Assert.Contains(dropped, d => d.GetProperty("step").GetString() == "parse" && d.GetProperty("reason").GetString()!.Contains("line 6", StringComparison.Ordinal));
        Assert.Empty(json.GetProperty("pii").EnumerateArray());
    }

    [Fact]
    public async Task Clean_Folder_Human_ShowsTableAndListsDuplicates()
    {
        using var folder = new TestFolder();
        folder.Write("docs/a.txt", Statute);
        folder.Write("docs/copy.txt", Statute);
        folder.WriteBytes("docs/binary.txt", [0, 1, 2, 3, 0xFF, 0xFE, 0, 0, 5, 6, 7, 8]);

        var result = await Cli.RunAsync(folder, "clean", Path.Combine(folder.Root, "docs"));

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("documents", result.PlainOutput, StringComparison.Ordinal);
        Assert.Matches(@"copy\.txt → a\.txt \(exact, 1\)|a\.txt → copy\.txt \(exact, 1\)", result.PlainOutput);
        Assert.Contains("binary.txt [parse]", result.PlainOutput, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_TraditionalCopy_IsAnExactDuplicateEvenWithoutFolding()
    {
        using var folder = new TestFolder();
        folder.Write("docs/simplified.txt", Statute);
        folder.Write("docs/traditional.txt", "用人單位自用工之日起即與勞動者建立勞動關係。用人單位應當建立職工名冊備查。");

        var json = (await Cli.RunAsync(folder, "clean", Path.Combine(folder.Root, "docs"), "--json")).AssertSuccess().Json();

        Assert.Equal(1, json.GetProperty("kept").GetInt32());
        Assert.Equal("exact", json.GetProperty("duplicates")[0].GetProperty("kind").GetString());
    }

    [Fact]
    public async Task Clean_MissingPath_FailsWithPathNotFound()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "clean", Path.Combine(folder.Root, "absent"))).AssertError(3, "path_not_found");
    }

    [Fact]
    public async Task Clean_DatasetWithoutCorpus_FailsWithPathNotFound()
    {
        using var folder = new TestFolder();

        var line = (await Cli.RunAsync(folder, "clean", "--dataset", folder.Root)).AssertError(3, "path_not_found");

        Assert.Contains("corpus.jsonl", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_NeitherPathNorDataset_FailsWithInvalidArgument()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "clean")).AssertError(2, "invalid_argument");
    }

    [Fact]
    public async Task Clean_ThresholdOutOfRange_FailsNamingTheOption()
    {
        using var folder = new TestFolder();
        folder.Write("a.txt", Statute);

        var line = (await Cli.RunAsync(folder, "clean", Path.Combine(folder.Root, "a.txt"), "--threshold", "2")).AssertError(2, "invalid_argument");

        Assert.Contains("Hunyu:Governance:Dedup:Threshold", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Clean_OnlyUnreadableFiles_FailsWithTheFilesCode()
    {
        using var folder = new TestFolder();
        folder.WriteBytes("docs/binary.txt", Encoding.Latin1.GetBytes("\0\0\0\u0001\u0002binary\0\0\0\u0003"));

        var result = await Cli.RunAsync(folder, "clean", Path.Combine(folder.Root, "docs"), "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("parse", result.Json().GetProperty("dropped")[0].GetProperty("step").GetString());
    }
}
