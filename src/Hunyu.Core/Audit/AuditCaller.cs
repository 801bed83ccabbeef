using Hunyu.Core.Security;

namespace Hunyu.Core.Audit;

/// <summary>
/// Who is calling and from where, for actions whose arguments do not say (an ingest, a delete): the host sets it once
/// per request (the server: the request's principal and client address) or per process (the CLI: <c>cli</c>).
/// </summary>
/// <param name="Principal">Who acts.</param>
/// <param name="Client">From where: a client address, <c>cli</c> or <c>local</c>.</param>
/// <remarks>Flows with the async call (an <see cref="AsyncLocal{T}"/>); nothing leaks between concurrent requests.</remarks>
public sealed record AuditCaller(Principal Principal, string Client)
{
    /// <summary>The client recorded for an in-process caller that set none.</summary>
    public const string LocalClient = "local";

    /// <summary>The client recorded for the <c>hunyu</c> command.</summary>
    public const string CliClient = "cli";

    private static readonly AsyncLocal<AuditCaller?> Ambient = new();

    /// <summary>The local administrator in this process, when no host said otherwise.</summary>
    public static AuditCaller Local { get; } = new(Principal.LocalAdmin, LocalClient);

    /// <summary>The caller of the current request or process.</summary>
    public static AuditCaller Current => Ambient.Value ?? Local;

    /// <summary>Makes <paramref name="caller"/> current for this async flow until the result is disposed.</summary>
    public static IDisposable Use(AuditCaller caller)
    {
        ArgumentNullException.ThrowIfNull(caller);
        var previous = Ambient.Value;
        Ambient.Value = caller;
        return new Restore(previous);
    }

    private sealed class Restore(AuditCaller? previous) : IDisposable
    {
        public void Dispose() => Ambient.Value = previous;
    }
}
