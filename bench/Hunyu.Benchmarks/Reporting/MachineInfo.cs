using System.Runtime.InteropServices;

namespace Hunyu.Benchmarks.Reporting;

/// <summary>What the figures were measured on.</summary>
internal sealed record MachineInfo(string DateUtc, int Nproc, string Cpu, string Runtime, string Os, string LoadAverage, bool ServerGc, string Commit)
{
    public static MachineInfo Capture(string repoRoot) => new(
        DateTime.UtcNow.ToString("yyyy-MM-dd HH:mm 'UTC'", System.Globalization.CultureInfo.InvariantCulture),
        Environment.ProcessorCount,
        CpuModel(),
        RuntimeInformation.FrameworkDescription,
        RuntimeInformation.OSDescription,
        ReadLoadAverage(),
        System.Runtime.GCSettings.IsServerGC,
        HeadCommit(repoRoot));

    /// <summary>The 1/5/15-minute load averages (other people's builds show up here).</summary>
    public static string ReadLoadAverage()
    {
        try
        {
            var fields = File.ReadAllText("/proc/loadavg").Split(' ');
            return string.Join(' ', fields.Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public string ToMarkdown() =>
        $"""
        | | |
        | --- | --- |
        | date | {DateUtc} |
        | machine | {Nproc} cores (nproc), {Cpu}, {Os} |
        | runtime | {Runtime}, {(ServerGc ? "server" : "workstation")} GC, Release build |
        | commit | {Commit} |
        | load average at start | {LoadAverage} |
        """;

    private static string CpuModel()
    {
        try
        {
            var line = File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal));
            return line is null ? RuntimeInformation.ProcessArchitecture.ToString() : line[(line.IndexOf(':', StringComparison.Ordinal) + 1)..].Trim();
        }
        catch (IOException)
        {
            return RuntimeInformation.ProcessArchitecture.ToString();
        }
    }

    /// <summary>Reads .git/HEAD without running git (the benchmark changes no repository state); also in a git worktree.</summary>
    private static string HeadCommit(string repoRoot)
    {
        try
        {
            var gitDir = GitDirectory(repoRoot);
            var head = File.ReadAllText(Path.Combine(gitDir, "HEAD")).Trim();
            if (!head.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return head[..Math.Min(12, head.Length)];
            }

            // A worktree keeps its HEAD in its own folder and the branches in the main repository's ("commondir").
            var commonDirFile = Path.Combine(gitDir, "commondir");
            var commonDir = File.Exists(commonDirFile) ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(commonDirFile).Trim())) : gitDir;
            var reference = Path.Combine(commonDir, head[5..]);
            return File.Exists(reference) ? File.ReadAllText(reference).Trim()[..12] + " + the working tree as it was" : head[5..];
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    /// <summary>The repository's git folder: .git, or the folder a worktree's .git file names ("gitdir: …").</summary>
    private static string GitDirectory(string repoRoot)
    {
        var dotGit = Path.Combine(repoRoot, ".git");
        return File.Exists(dotGit) ? File.ReadAllText(dotGit).Trim()["gitdir: ".Length..] : dotGit;
    }
}
