using BenchmarkDotNet.Configs;

namespace Hunyu.Benchmarks.Micro;

/// <summary>BenchmarkDotNet's defaults (the classes add the memory diagnoser); reports under artifacts/benchmarks (git-ignored).</summary>
public static class MicroConfig
{
    public static IConfig Create() =>
        DefaultConfig.Instance.WithArtifactsPath(Path.Combine(BenchOptions.FindRepoRoot(), "artifacts", "benchmarks"));
}
