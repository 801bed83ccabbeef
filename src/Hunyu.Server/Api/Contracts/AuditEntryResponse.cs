using System.Text.Json;
using Hunyu.Core.Audit;

namespace Hunyu.Server.Api.Contracts;

/// <summary>One audit entry as stored; <c>groups</c> and <c>detail</c> are JSON (text when a tampered value no longer parses).</summary>
/// <param name="Sequence">The entry's place in the chain, from 1.</param>
/// <param name="Time">When it was appended (UTC, ISO 8601).</param>
/// <param name="Tenant">The principal's tenant.</param>
/// <param name="User">The principal's user id.</param>
/// <param name="Groups">The principal's groups.</param>
/// <param name="Client">The client address, or <c>cli</c>.</param>
/// <param name="Action">What was done.</param>
/// <param name="Target">What it was done to.</param>
/// <param name="Outcome"><c>ok</c>, <c>denied</c> or <c>failed</c>.</param>
/// <param name="Code">The error code when not ok.</param>
/// <param name="Detail">The particulars.</param>
/// <param name="Hash">The entry's chain hash.</param>
public sealed record AuditEntryResponse(
    long Sequence,
    string Time,
    string Tenant,
    string User,
    JsonElement Groups,
    string Client,
    string Action,
    string Target,
    string Outcome,
    string? Code,
    JsonElement Detail,
    string Hash)
{
    /// <summary>The response form of <paramref name="record"/>.</summary>
    public static AuditEntryResponse From(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Sequence, record.Time, record.Tenant, record.UserId, Json(record.Groups), record.Client, record.Action, record.Target, record.Outcome, record.Code, Json(record.Detail), record.Hash);
    }

    private static JsonElement Json(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.Clone();
        }
        catch (JsonException)
        {
            return JsonSerializer.SerializeToElement(text);
        }
    }
}
