using System.Globalization;

namespace Hunyu.Benchmarks;

/// <summary>Command-line options of the end-to-end sub-commands.</summary>
internal sealed class BenchOptions
{
    /// <summary>Ingest repetitions per contender (interleaved).</summary>
    public const int DefaultRepetitions = 3;

    /// <summary>Query rounds per contender (interleaved).</summary>
    public const int DefaultRounds = 7;

    /// <summary>Default of <see cref="Megabytes"/>.</summary>
    public const int DefaultMegabytes = 1024;

    public required string RepoRoot { get; init; }

    /// <summary>Folder holding the shared evaluation sets (statutes-zh, stard-train).</summary>
    public required string DataRoot { get; init; }

    /// <summary>Where Markdown and JSON results are written.</summary>
    public required string OutputDirectory { get; init; }

    /// <summary>Parent of the temporary index folders.</summary>
    public required string WorkDirectory { get; init; }

    public int Repetitions { get; init; } = DefaultRepetitions;

    public int Rounds { get; init; } = DefaultRounds;

    /// <summary>Size of the synthetic corpus of <c>governance-scale</c>, in MB of UTF-8 text.</summary>
    public int Megabytes { get; init; } = DefaultMegabytes;

    public string StatutesCorpus => Path.Combine(DataRoot, "statutes-zh", "corpus.jsonl");

    /// <summary>The corpus path as written into results: relative to the repository, so no machine's paths are committed.</summary>
    public string StatutesCorpusForReport => Path.GetRelativePath(RepoRoot, StatutesCorpus);

    public string StardDirectory => Path.Combine(DataRoot, "stard-train");

    /// <summary>Parses <c>--data DIR --out DIR --work DIR --reps N --rounds N --mb N</c>; unknown options are an error.</summary>
    public static BenchOptions Parse(IReadOnlyList<string> args)
    {
        var root = FindRepoRoot();
        string? data = null, output = null, work = null;
        int repetitions = DefaultRepetitions, rounds = DefaultRounds, megabytes = DefaultMegabytes;
        for (var i = 0; i < args.Count; i++)
        {
            var value = i + 1 < args.Count ? args[i + 1] : throw new ArgumentException($"{args[i]}: missing value");
            switch (args[i])
            {
                case "--data": data = value; break;
                case "--out": output = value; break;
                case "--work": work = value; break;
                case "--reps": repetitions = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--rounds": rounds = int.Parse(value, CultureInfo.InvariantCulture); break;
                case "--mb": megabytes = int.Parse(value, CultureInfo.InvariantCulture); break;
                default: throw new ArgumentException($"{args[i]}: unknown option; use --data, --out, --work, --reps, --rounds, --mb");
            }

            i++;
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(repetitions);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rounds);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(megabytes);
        return new BenchOptions
        {
            RepoRoot = root,
            DataRoot = Path.GetFullPath(data ?? DefaultDataRoot(root)),
            OutputDirectory = Path.GetFullPath(output ?? Path.Combine(root, "bench", "results")),
            WorkDirectory = Path.GetFullPath(work ?? Path.GetTempPath()),
            Repetitions = repetitions,
            Rounds = rounds,
            Megabytes = megabytes,
        };
    }

    /// <summary>The evaluation sets: <c>$HUNYU_BENCH_DATA</c>, else <c>../shared/eval</c> beside the repository.</summary>
    public static string DefaultDataRoot(string repoRoot) =>
        Environment.GetEnvironmentVariable("HUNYU_BENCH_DATA") is { Length: > 0 } data ? data : Path.Combine(repoRoot, "..", "shared", "eval");

    /// <summary>The folder holding Hunyu.slnx, searched upwards from the working directory, then from the binaries.</summary>
    public static string FindRepoRoot()
    {
        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "Hunyu.slnx")))
                {
                    return dir.FullName;
                }
            }
        }

        throw new DirectoryNotFoundException("Hunyu.slnx not found above the working directory or the binaries; run from the repository");
    }
}
