namespace Hunyu.Hosting.Tests;

/// <summary>Where the repository and the shared evaluation sets are, found from the test assembly's folder.</summary>
internal static class RepoPaths
{
    private static readonly Lazy<string> RootPath = new(() =>
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "Hunyu.slnx")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"no folder above {AppContext.BaseDirectory} holds Hunyu.slnx");
    });

    /// <summary>The folder holding Hunyu.slnx.</summary>
    public static string Root => RootPath.Value;

    /// <summary>The repository's samples folder.</summary>
    public static string Samples => Path.Combine(Root, "samples");

    /// <summary>A shared evaluation set (<c>../shared/eval/NAME</c> next to the repository); null when absent.</summary>
    public static string? SharedEval(string name)
    {
        var path = Path.GetFullPath(Path.Combine(Root, "..", "shared", "eval", name));
        return Directory.Exists(path) ? path : null;
    }
}
