using System.Globalization;

namespace Hunyu.Core.Audit;

/// <summary>
/// The head of the chain as it was at some moment, kept apart from the log (a file, a ticket, another system): a later
/// verification then detects a truncated tail or a rewritten chain, which the chain alone cannot.
/// </summary>
/// <param name="Count">How many entries the log held.</param>
/// <param name="HeadHash">The hash of entry <paramref name="Count"/> (<see cref="AuditChain.GenesisHash"/> when empty).</param>
public sealed record AuditAnchor(long Count, string HeadHash)
{
    /// <summary>The anchor's file name next to the database.</summary>
    public const string FileName = "audit.anchor";

    /// <summary>The one-line text form: <c>COUNT HASH</c>.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture, $"{Count} {HeadHash}");

    /// <summary>Parses <see cref="ToString"/>'s form; null when <paramref name="text"/> is not one.</summary>
    public static AuditAnchor? TryParse(string? text)
    {
        var parts = (text ?? string.Empty).Split(' ', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return parts.Length == 2
            && long.TryParse(parts[0], NumberStyles.None, CultureInfo.InvariantCulture, out var count)
            && AuditChain.IsHash(parts[1])
                ? new AuditAnchor(count, parts[1])
                : null;
    }
}
