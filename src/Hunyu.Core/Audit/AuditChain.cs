using System.Buffers.Binary;
using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hunyu.Core.Errors;

namespace Hunyu.Core.Audit;

/// <summary>
/// The hash chain every audit store shares: how an event becomes a stored <see cref="AuditRecord"/> and how its hash is
/// computed. Entry n's hash is SHA-256 over its previous hash and its canonical form (version tag, sequence number and
/// every stored field, each length-prefixed), so any stored character, the order and the count are all covered.
/// </summary>
public static class AuditChain
{
    /// <summary>The previous hash of the first entry.</summary>
    public static readonly string GenesisHash = new('0', 64);

    /// <summary>Longest action name.</summary>
    public const int MaxActionLength = 64;

    /// <summary>Longest user id, group, tenant, client or code.</summary>
    public const int MaxNameLength = 256;

    /// <summary>Most groups recorded for one principal.</summary>
    public const int MaxGroups = 256;

    /// <summary>Longest target.</summary>
    public const int MaxTargetLength = 2_048;

    /// <summary>Longest detail JSON, in characters.</summary>
    public const int MaxDetailLength = 16_384;

    private const string TimePattern = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";
    private const uint NullLength = uint.MaxValue;
    private static readonly byte[] VersionTag = "hunyu-audit-v1"u8.ToArray();
    private static readonly JsonWriterOptions GroupsJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The stored text of an instant: fixed-width ISO-8601 UTC, so text order is time order.</summary>
    public static string FormatTime(DateTimeOffset value) => value.UtcDateTime.ToString(TimePattern, CultureInfo.InvariantCulture);

    /// <summary>The stored text of an outcome.</summary>
    public static string FormatOutcome(AuditOutcome outcome) => outcome switch
    {
        AuditOutcome.Ok => "ok",
        AuditOutcome.Denied => "denied",
        _ => "failed",
    };

    /// <summary>True when <paramref name="text"/> is 64 lowercase hex digits.</summary>
    public static bool IsHash(string? text) =>
        text is { Length: 64 } && text.All(c => c is (>= '0' and <= '9') or (>= 'a' and <= 'f'));

    /// <summary>Checks <paramref name="auditEvent"/> is well formed and within the limits.</summary>
    /// <exception cref="HunyuException"><c>invalid_argument</c>, naming the field and the limit.</exception>
    public static void Validate(AuditEvent auditEvent)
    {
        ArgumentNullException.ThrowIfNull(auditEvent);
        var action = auditEvent.Action ?? string.Empty;
        if (action.Length is 0 or > MaxActionLength || action[0] is < 'a' or > 'z' || !action.All(c => c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_'))
        {
            throw Invalid($"action '{action}': use 1-{MaxActionLength} characters of a-z, 0-9 and '_', starting with a letter");
        }

        RequireName("user id", auditEvent.UserId, allowEmpty: false);
        RequireName("tenant", auditEvent.Tenant, allowEmpty: false);
        RequireName("client", auditEvent.Client, allowEmpty: false);
        RequireName("code", auditEvent.Code ?? string.Empty, allowEmpty: true);
        if (auditEvent.Groups is null || auditEvent.Groups.Count > MaxGroups)
        {
            throw Invalid($"groups: {auditEvent.Groups?.Count}; at most {MaxGroups}");
        }

        foreach (var group in auditEvent.Groups)
        {
            RequireName("group", group, allowEmpty: false);
        }

        if ((auditEvent.Target ?? throw Invalid("target: null; use an empty string")).Length > MaxTargetLength)
        {
            throw Invalid($"target: {auditEvent.Target.Length} characters; limit is {MaxTargetLength}");
        }

        var detail = auditEvent.Detail ?? string.Empty;
        if (detail.Length > MaxDetailLength)
        {
            throw Invalid($"detail: {detail.Length} characters; limit is {MaxDetailLength} (record ids and counts, not text)");
        }

        try
        {
            using var json = JsonDocument.Parse(detail);
            if (json.RootElement.ValueKind != JsonValueKind.Object)
            {
                throw Invalid("detail: not a JSON object");
            }
        }
        catch (JsonException e)
        {
            throw Invalid($"detail: not valid JSON ({e.Message})");
        }

        if (auditEvent.Outcome == AuditOutcome.Ok != (auditEvent.Code is null))
        {
            throw Invalid("code: give a code exactly when the outcome is not ok");
        }
    }

    /// <summary>Turns <paramref name="auditEvent"/> into entry <paramref name="sequence"/> after <paramref name="previousHash"/>, with its hash.</summary>
    /// <exception cref="HunyuException"><c>invalid_argument</c> for a malformed event.</exception>
    public static AuditRecord Seal(long sequence, DateTimeOffset time, AuditEvent auditEvent, string previousHash)
    {
        Validate(auditEvent);
        var unsealed = new AuditRecord(
            sequence,
            FormatTime(time),
            auditEvent.Tenant,
            auditEvent.UserId,
            FormatGroups(auditEvent.Groups),
            auditEvent.Client,
            auditEvent.Action,
            auditEvent.Target,
            FormatOutcome(auditEvent.Outcome),
            auditEvent.Code,
            auditEvent.Detail,
            previousHash,
            string.Empty);
        return unsealed with { Hash = ComputeHash(unsealed) };
    }

    /// <summary>SHA-256 (lowercase hex) of the record's previous hash followed by its canonical form; its own hash is not part of it.</summary>
    public static string ComputeHash(AuditRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        using var buffer = new MemoryStream(512);
        Write(buffer, record.PreviousHash);
        buffer.Write(VersionTag);
        Span<byte> number = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(number, record.Sequence);
        buffer.Write(number);
        foreach (var field in (string?[])[record.Time, record.Tenant, record.UserId, record.Groups, record.Client, record.Action, record.Target, record.Outcome, record.Code, record.Detail])
        {
            Write(buffer, field);
        }

        return Convert.ToHexStringLower(SHA256.HashData(buffer.GetBuffer().AsSpan(0, (int)buffer.Length)));
    }

    /// <summary>The stored form of a group list: a JSON array in the given order.</summary>
    public static string FormatGroups(IReadOnlyList<string> groups)
    {
        ArgumentNullException.ThrowIfNull(groups);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, GroupsJson))
        {
            writer.WriteStartArray();
            foreach (var group in groups)
            {
                writer.WriteStringValue(group);
            }

            writer.WriteEndArray();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void Write(MemoryStream buffer, string? field)
    {
        Span<byte> length = stackalloc byte[4];
        if (field is null)
        {
            BinaryPrimitives.WriteUInt32BigEndian(length, NullLength);
            buffer.Write(length);
            return;
        }

        var bytes = Encoding.UTF8.GetBytes(field);
        BinaryPrimitives.WriteUInt32BigEndian(length, (uint)bytes.Length);
        buffer.Write(length);
        buffer.Write(bytes);
    }

    private static void RequireName(string field, string? value, bool allowEmpty)
    {
        if (value is null || (!allowEmpty && string.IsNullOrWhiteSpace(value)) || value.Length > MaxNameLength)
        {
            throw Invalid($"{field} '{value}': give 1-{MaxNameLength} characters");
        }
    }

    private static HunyuException Invalid(string message) => new(ErrorCode.InvalidArgument, "audit event " + message);
}
