using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Hunyu.Tests.Shared;

/// <summary>Keeps every formatted log line, of every category and level, so a test can assert what was logged. Linked into the projects that use it.</summary>
/// <param name="lines">Where the lines go.</param>
internal sealed class LineLoggerProvider(ConcurrentQueue<string> lines) : ILoggerProvider, ILogger
{
    public ILogger CreateLogger(string categoryName) => this;

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        lines.Enqueue(formatter(state, exception));

    public void Dispose()
    {
    }
}
