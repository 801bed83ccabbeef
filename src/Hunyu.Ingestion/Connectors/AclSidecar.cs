using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors;

/// <summary>
/// A folder's ACL file, <c>.hunyu-acl.json</c>: <c>{"allow": ["group:hr"], "deny": ["user:eve"]}</c>. It gives the files of
/// its folder and of the folders below (down to the next sidecar) their ACL, as a database column does for rows.
/// </summary>
/// <remarks>SECURITY: a sidecar that cannot be read fails closed: the files it guards are reported, not ingested with a wider ACL.</remarks>
public static class AclSidecar
{
    /// <summary>The file name.</summary>
    public const string FileName = ".hunyu-acl.json";

    /// <summary>Largest sidecar read.</summary>
    public const int MaxBytes = 64 * 1024;

    /// <summary>Reads the sidecar at <paramref name="path"/> (shown as <paramref name="key"/>).</summary>
    /// <returns>The ACL, or the problem that makes the folder's files unreadable.</returns>
    public static (Acl? Acl, SourceProblem? Problem) Read(string path, string key)
    {
        try
        {
            var info = new FileInfo(path);
            if (info.Length > MaxBytes)
            {
                return (null, Fail(key, $"is {ByteSize.Format(info.Length)}; limit is {ByteSize.Format(MaxBytes)}"));
            }

            using var document = JsonDocument.Parse(File.ReadAllBytes(path));
            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                return (null, Fail(key, "must be a JSON object {\"allow\": [...], \"deny\": [...]}"));
            }

            return (Acl.From(Entries(document.RootElement, "allow"), Entries(document.RootElement, "deny")), null);
        }
        catch (JsonException e)
        {
            return (null, Fail(key, $"is not valid JSON ({ParserErrors.OneLine(e.Message)})"));
        }
        catch (HunyuException e)
        {
            return (null, Fail(key, e.Message));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return (null, Fail(key, $"cannot be read: {ParserErrors.OneLine(e.Message)}"));
        }
    }

    /// <summary>The problem of a file whose folder's sidecar is broken.</summary>
    public static SourceProblem Guarding(string fileKey, SourceProblem sidecar) =>
        new(sidecar.Error, $"{fileKey}: not read, its folder's ACL file is invalid ({sidecar.Message})");

    private static string[]? Entries(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array || list.EnumerateArray().Any(e => e.ValueKind != JsonValueKind.String))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"\"{name}\" must be an array of strings");
        }

        return [.. list.EnumerateArray().Select(e => e.GetString()!)];
    }

    private static SourceProblem Fail(string key, string reason) => new(ErrorCode.InvalidArgument, $"{key}: ACL file {reason}");
}
