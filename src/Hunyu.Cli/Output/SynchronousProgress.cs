namespace Hunyu.Cli.Output;

/// <summary>
/// Reports progress on the reporting thread. <see cref="Progress{T}"/> posts each report to the thread
/// pool, so a late report could write to a console writer the command has already finished with.
/// </summary>
public sealed class SynchronousProgress<T>(Action<T> report) : IProgress<T>
{
    /// <inheritdoc />
    public void Report(T value) => report(value);
}
