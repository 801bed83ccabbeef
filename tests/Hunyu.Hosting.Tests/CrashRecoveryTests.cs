using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.Json;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// A <c>hunyu ingest</c> process killed mid-run leaves a knowledge base that opens, searches, never lists a document
/// the index lacks, and is completed by running the ingest again, without duplicates.
/// </summary>
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    // Large enough that the child process runs several seconds past its first batch commit on a loaded machine.
    private const int RecordCount = 12_000;

    private static readonly TimeSpan StartDeadline = TimeSpan.FromMinutes(3);

    /// <param name="killAtGeneration">
    /// Kill once this index commit has begun (its segments file exists) and the one before it is complete. Generation 1
    /// is the empty commit a new index starts with and 2 holds the first batch, so 3 lands around the first batch's
    /// catalog write or inside the second commit (which then falls back to 2); 5 lands later.
    /// </param>
    [Theory]
    [InlineData(3)]
    [InlineData(5)]
    public async Task IngestAsync_AfterIngestProcessKilledMidRun_RecoversToExactlyOneCopyOfEveryRecord(int killAtGeneration)
    {
        using var folder = new TestFolder();
        WriteCorpus(Path.Combine(folder.Source, "records.jsonl"));
        var indexPath = Path.Combine(folder.Data, "indexes", "default");

        var killedAfter = await RunAndKillAsync(folder, indexPath, killAtGeneration);
        output.WriteLine($"killed after {killedAfter.TotalSeconds:F1} s");

        // The index is readable, and every document the catalog lists is in it (index first, catalog second).
        var (chunksBefore, indexedBefore) = IndexInspector.Read(folder.Data);
        Assert.True(indexedBefore.Count >= IngestionJob.BatchSize, $"index holds {indexedBefore.Count} documents; expected at least one committed batch");
        Assert.True(indexedBefore.Count < RecordCount, "the ingest finished before it was killed");
        Assert.Equal(indexedBefore.Count, chunksBefore);
        using (var knowledge = KnowledgeBase.Open(folder.Data))
        {
            var listed = await ListAllIdsAsync(knowledge);
            output.WriteLine($"after the kill: catalog {listed.Count}, index {indexedBefore.Count} documents");
            Assert.True(listed.Count <= indexedBefore.Count, $"catalog lists {listed.Count} documents, index holds {indexedBefore.Count}");
            Assert.Empty(listed.Except(indexedBefore));
            Assert.Single(await knowledge.SearchAsync(Code(0)));
            var killedRun = Assert.Single(await knowledge.ListRunsAsync(10));
            Assert.Null(killedRun.FinishedAt);

            // Running the ingest again completes it.
            var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });

            Assert.Empty(result.Report.Failed);
            Assert.Equal(RecordCount, result.Documents);
            Assert.Equal(RecordCount, result.Report.Added + result.Report.Unchanged);
            Assert.Equal(listed.Count, result.Report.Unchanged);
            Assert.Equal(RecordCount, (await knowledge.ListDocumentsAsync(Principal.LocalAdmin, null, 0, 1)).Total);
            foreach (var i in new[] { 0, 1, IngestionJob.BatchSize - 1, IngestionJob.BatchSize, indexedBefore.Count, RecordCount / 2, RecordCount - 1 })
            {
                var hit = Assert.Single(await knowledge.SearchAsync(Code(i)));
                Assert.Equal($"records.jsonl#{RecordId(i)}", hit.DocumentKey);
            }

            var again = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source });
            Assert.Equal(RecordCount, again.Report.Unchanged);
            Assert.Equal(0, again.Report.Added + again.Report.Updated + again.Report.Deleted);
        }

        var (chunksAfter, indexedAfter) = IndexInspector.Read(folder.Data);
        Assert.Equal(RecordCount, indexedAfter.Count);
        Assert.Equal(RecordCount, chunksAfter);
    }

    /// <summary>
    /// The <c>hunyu</c> command as built in its own output folder (artifacts/bin/Hunyu.Cli/&lt;configuration&gt;): this test
    /// project also references ASP.NET Core, whose framework assemblies replace package copies the command needs.
    /// </summary>
    private static string CliAssembly()
    {
        var here = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        var path = Path.Combine(here.Parent!.Parent!.FullName, "Hunyu.Cli", here.Name, "hunyu.dll");
        Assert.True(File.Exists(path), $"{path}: the hunyu command is not built there");
        return path;
    }

    private static async Task<TimeSpan> RunAndKillAsync(TestFolder folder, string indexPath, int killAtGeneration)
    {
        var start = new ProcessStartInfo(Environment.GetEnvironmentVariable("DOTNET_HOST_PATH") ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { CliAssembly(), "ingest", folder.Source, "--data", folder.Data, "--json" })
        {
            start.ArgumentList.Add(argument);
        }

        var log = new StringBuilder();
        using var process = new Process { StartInfo = start };
        process.OutputDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        process.ErrorDataReceived += (_, e) => { lock (log) { log.AppendLine(e.Data); } };
        var stopwatch = Stopwatch.StartNew();
        Assert.True(process.Start());
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            // The run is then well under way and far from done. A kill inside the very first commit is a separate
            // case (TornCommitTests), so generation 1 waits for segments.gen, which a commit writes last.
            while (!Reached(indexPath, killAtGeneration))
            {
                if (process.HasExited)
                {
                    Assert.Fail($"hunyu ingest exited ({process.ExitCode}) before its first commit:\n{log}");
                }

                Assert.True(stopwatch.Elapsed < StartDeadline, $"no index commit within {StartDeadline}:\n{log}");
                await Task.Delay(25);
            }

            Assert.False(process.HasExited, $"hunyu ingest finished before it could be killed:\n{log}");
        }
        finally
        {
            if (!process.HasExited)
            {
                process.Kill(entireProcessTree: true);
            }

            await process.WaitForExitAsync();
        }

        return stopwatch.Elapsed;
    }

    private static bool Reached(string indexPath, int generation)
    {
        if (!File.Exists(Path.Combine(indexPath, "segments.gen")))
        {
            return false;
        }

        // Lucene names commits segments_N with N in base 36.
        return System.IO.Directory.EnumerateFiles(indexPath, "segments_*")
            .Select(f => Path.GetFileName(f)["segments_".Length..])
            .Any(n => ParseBase36(n) >= generation);
    }

    private static long ParseBase36(string digits) =>
        digits.Aggregate(0L, (value, c) => (value * 36) + (char.IsAsciiDigit(c) ? c - '0' : char.ToLowerInvariant(c) - 'a' + 10));

    private static async Task<HashSet<string>> ListAllIdsAsync(KnowledgeBase knowledge)
    {
        var ids = new HashSet<string>(StringComparer.Ordinal);
        for (var offset = 0; ; offset += 1000)
        {
            var page = await knowledge.ListDocumentsAsync(Principal.LocalAdmin, null, offset, 1000);
            ids.UnionWith(page.Documents.Select(d => d.Id));
            if (page.Documents.Count < 1000)
            {
                Assert.Equal(page.Total, ids.Count);
                return ids;
            }
        }
    }

    private static void WriteCorpus(string path)
    {
        string[] topics = ["劳动合同应当以书面形式订立", "用人单位应当依法缴纳社会保险费", "试用期工资不得低于本单位相同岗位最低档工资", "劳动者有权依法参加和组织工会", "国家实行劳动者每日工作时间不超过八小时的工时制度"];
        using var writer = new StreamWriter(path, append: false, new UTF8Encoding(false));
        for (var i = 0; i < RecordCount; i++)
        {
            var record = new Dictionary<string, string>
            {
                ["id"] = RecordId(i),
                ["title"] = $"示例条例 第{i + 1}条",
                ["text"] = $"第{i + 1}条 {topics[i % topics.Length]}，具体办法由有关部门另行规定。编号 {Code(i)} 。",
            };
            writer.WriteLine(JsonSerializer.Serialize(record));
        }
    }

    private static string RecordId(int i) => string.Create(CultureInfo.InvariantCulture, $"r{i:D5}");

    private static string Code(int i) => string.Create(CultureInfo.InvariantCulture, $"zqrec{i:D5}x");
}
