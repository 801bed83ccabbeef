using System.Text.RegularExpressions;

namespace Hunyu.Cli.Tests;

/// <summary>Bad input ends with the documented exit code and one "error [code]: message" line on standard error, never a stack trace.</summary>
public sealed class CliErrorTests
{
    [Fact]
    public async Task Ingest_MissingPath_Exits3WithOnePathNotFoundLine()
    {
        using var folder = new TestFolder();
        var missing = Path.Combine(folder.Root, "nonexistent");

        var result = await Cli.RunAsync(folder, "ingest", missing);

        var line = result.AssertError(3, "path_not_found");
        Assert.Contains(missing, line, StringComparison.Ordinal);
        Assert.Single(result.ErrorLines);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Ingest_MissingPathWithJson_KeepsStandardOutputEmpty()
    {
        using var folder = new TestFolder();

        var result = await Cli.RunAsync(folder, "ingest", "/nonexistent-hunyu-test-path", "--json");

        Assert.Contains("/nonexistent-hunyu-test-path", result.AssertError(3, "path_not_found"), StringComparison.Ordinal);
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Search_EmptyQuery_Exits2InvalidQuery()
    {
        using var folder = new TestFolder();

        var result = await Cli.RunAsync(folder, "search", "");

        result.AssertError(2, "invalid_query");
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Search_BlankQuery_Exits2InvalidQuery()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "search", "   ", "--json")).AssertError(2, "invalid_query");
    }

    [Fact]
    public async Task Search_100KbQuery_Exits2QueryTooLongNamingTheLimit()
    {
        using var folder = new TestFolder();
        var query = new string('劳', 100 * 1024);

        var result = await Cli.RunAsync(folder, "search", query, "--json");

        var line = result.AssertError(2, "query_too_long");
        Assert.Matches(new Regex(@"2[,.\u00A0\u202F']?000"), line);
        Assert.True(line.Length < 300, $"the error line repeats the query: {line.Length} characters");
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task Search_QueryAtTheLimit_IsAcceptedAndOneCharacterMoreIsNot()
    {
        using var folder = new TestFolder();
        (await Cli.RunAsync(folder, "ingest", folder.CopySamples(), "--json")).AssertSuccess();
        const string Words = "劳动合同用人单位试用期工资社会保险年假报销信息安全";
        var atLimit = string.Concat(Enumerable.Range(0, 2_000).Select(i => Words[(i * 7) % Words.Length]));

        var accepted = await Cli.RunAsync(folder, "search", atLimit, "--json");
        var rejected = await Cli.RunAsync(folder, "search", atLimit + "法", "--json");

        accepted.AssertSuccess();
        Assert.NotEqual(0, accepted.Json().GetProperty("hits").GetArrayLength());
        rejected.AssertError(2, "query_too_long");
    }

    [Fact]
    public async Task Ask_100KbQuestion_Exits2QueryTooLong()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "ask", new string('问', 100 * 1024))).AssertError(2, "query_too_long");
    }

    [Fact]
    public async Task Search_LimitOutOfRange_Exits2InvalidArgument()
    {
        using var folder = new TestFolder();

        var line = (await Cli.RunAsync(folder, "search", "劳动合同", "-n", "0")).AssertError(2, "invalid_argument");

        Assert.Contains("limit", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Search_MetadataFilterWithoutEquals_Exits2InvalidArgument()
    {
        using var folder = new TestFolder();

        var line = (await Cli.RunAsync(folder, "search", "劳动合同", "--meta", "format")).AssertError(2, "invalid_argument");

        Assert.Contains("KEY=VALUE", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Delete_UnknownId_Exits3NotFound()
    {
        using var folder = new TestFolder();

        var line = (await Cli.RunAsync(folder, "delete", "nope")).AssertError(3, "not_found");

        Assert.Contains("nope", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_MissingDataset_Exits3PathNotFound()
    {
        using var folder = new TestFolder();
        var missing = Path.Combine(folder.Root, "nonexistent");

        var line = (await Cli.RunAsync(folder, "eval", "--dataset", missing, "--json")).AssertError(3, "path_not_found");

        Assert.Contains(missing, line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Eval_WithoutDataset_Exits2()
    {
        using var folder = new TestFolder();

        (await Cli.RunAsync(folder, "eval")).AssertError(2, "invalid_argument");
    }

    [Fact]
    public async Task Search_UnknownOption_Exits2WithUsageHint()
    {
        using var folder = new TestFolder();

        var result = await Cli.RunAsync(folder, "search", "劳动合同", "--bogus");

        Assert.Contains("--bogus", result.AssertError(2, "invalid_argument"), StringComparison.Ordinal);
        Assert.Contains(result.ErrorLines, l => l.Contains("--help", StringComparison.Ordinal));
        Assert.Empty(result.Output);
    }

    [Fact]
    public async Task UnknownCommand_Exits2()
    {
        using var folder = new TestFolder();

        var result = await Cli.RunAsync(folder, "frobnicate");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("error [invalid_argument]: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Documents_LimitOutOfRange_Exits2()
    {
        using var folder = new TestFolder();

        var line = (await Cli.RunAsync(folder, "documents", "--limit", "5000")).AssertError(2, "invalid_argument");

        Assert.Contains("1-1000", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_InvalidAclEntry_Exits2NamingTheEntry()
    {
        using var folder = new TestFolder();
        folder.Write("docs/a.txt", "一份文件。");

        var line = (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"), "--allow", "hr")).AssertError(2, "invalid_argument");

        Assert.Contains("'hr'", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_InvalidDomainName_Exits2()
    {
        using var folder = new TestFolder();
        folder.Write("docs/a.txt", "一份文件。");

        (await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"), "--domain", "Not Valid")).AssertError(2, "invalid_argument");
    }

    [Fact]
    public async Task Ingest_BatchWithOneBadFile_Exits4AndListsTheBadFileOnStandardError()
    {
        using var folder = new TestFolder();
        folder.Write("docs/good.txt", "报销制度\n\n差旅费用须在三十日内报销。\n");
        folder.Write("docs/other.md", "# 年假\n\n员工每年享有十五天带薪年假。\n");
        folder.WriteBytes("docs/broken.docx", "PK\u0003\u0004 not really a zip"u8.ToArray());

        var result = await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"), "--json");

        Assert.Equal(4, result.ExitCode);
        var json = result.Json();
        Assert.Equal(2, json.GetProperty("added").GetInt32());
        var failed = Assert.Single(json.GetProperty("failed").EnumerateArray());
        Assert.Equal("broken.docx", failed.GetProperty("input").GetString());
        Assert.Equal("corrupt_input", failed.GetProperty("code").GetString());
        var line = Assert.Single(result.ErrorLines);
        Assert.StartsWith("failed [corrupt_input]: ", line, StringComparison.Ordinal);
        Assert.Contains("broken.docx", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ingest_BatchWithOneBadFileWithoutJson_Exits4AndStillPrintsTheSummary()
    {
        using var folder = new TestFolder();
        folder.Write("docs/good.txt", "报销制度\n\n差旅费用须在三十日内报销。\n");
        folder.WriteBytes("docs/empty.txt", []);

        var result = await Cli.RunAsync(folder, "ingest", Path.Combine(folder.Root, "docs"));

        Assert.Equal(4, result.ExitCode);
        Assert.Contains("1 added", result.PlainOutput, StringComparison.Ordinal);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("failed [empty_input]: ", StringComparison.Ordinal) && l.Contains("empty.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_SingleCorruptFile_ExitsWithItsCode()
    {
        using var folder = new TestFolder();
        var junk = new byte[2048];
        new Random(7).NextBytes(junk);
        var path = folder.WriteBytes("junk.txt", junk);

        var result = await Cli.RunAsync(folder, "ingest", path, "--json");

        Assert.Equal(2, result.ExitCode);
        Assert.Equal("corrupt_input", Assert.Single(result.Json().GetProperty("failed").EnumerateArray()).GetProperty("code").GetString());
        Assert.Contains(result.ErrorLines, l => l.Contains("junk.txt", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_SingleEmptyFile_ExitsNonZero()
    {
        using var folder = new TestFolder();
        var path = folder.WriteBytes("empty.txt", []);

        var result = await Cli.RunAsync(folder, "ingest", path);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(result.ErrorLines, l => l.StartsWith("failed [empty_input]: ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Ingest_SingleFileOverTheSizeLimit_ExitsWithTooLarge()
    {
        using var folder = new TestFolder();
        var path = folder.Write("big.txt", string.Concat(Enumerable.Repeat("很长的文件内容。", 100_000)));

        var result = await Cli.RunAsync(folder, "ingest", path, "--max-file-mb", "1", "--json");

        Assert.Equal(2, result.ExitCode);
        var failure = Assert.Single(result.Json().GetProperty("failed").EnumerateArray());
        Assert.Equal("too_large", failure.GetProperty("code").GetString());
        Assert.Contains("big.txt", failure.GetProperty("reason").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_DataDirectoryIsAFile_Exits5StoreUnavailable()
    {
        using var folder = new TestFolder();
        var file = folder.Write("not-a-folder", "x");

        using var output = new StringWriter();
        using var error = new StringWriter();
        var exitCode = await HunyuCli.RunAsync(["documents", "--data", file], output, error);

        Assert.Equal(5, exitCode);
        Assert.StartsWith("error [store_unavailable]: ", error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnyCommand_CatalogFileIsNotADatabase_Exits5StoreUnavailable()
    {
        using var folder = new TestFolder();
        folder.Write("data/hunyu.db", "this is not a SQLite database, just text long enough to have a header page.");

        var result = await Cli.RunAsync(folder, "documents", "--json");

        result.AssertError(5, "store_unavailable");
        Assert.Empty(result.Output);
    }
}
