using System.Text;
using Hunyu.Core.Errors;

namespace Hunyu.Server.Uploads;

/// <summary>Turns the file name a client sent into a safe single name to store under the uploads folder.</summary>
internal static class UploadFileName
{
    /// <summary>Longest stored file name, in characters.</summary>
    public const int MaxLength = 200;

    // What Windows forbids in a name (':' would also open an NTFS alternate data stream).
    private static readonly char[] Forbidden = ['<', '>', ':', '"', '|', '?', '*', '/', '\\'];

    private static readonly HashSet<string> ReservedDeviceNames = new(StringComparer.OrdinalIgnoreCase)
    {
        "CON", "PRN", "AUX", "NUL",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9",
    };

    /// <summary>True when <paramref name="clientName"/> has a <c>..</c> segment: it tries to climb out of its folder.</summary>
    public static bool TriesToLeave(string? clientName) =>
        clientName is not null && clientName.Split('/', '\\').Any(segment => segment.Trim() == "..");

    /// <summary>
    /// The last path segment of <paramref name="clientName"/> (either slash), without control characters and
    /// characters invalid in file names on any platform, trimmed of spaces and dots at the ends.
    /// </summary>
    /// <exception cref="HunyuException"><c>invalid_argument</c> when the name tries to leave its folder (<see cref="TriesToLeave"/>),
    /// nothing usable is left or the name is too long.</exception>
    public static string Sanitize(string? clientName)
    {
        if (TriesToLeave(clientName))
        {
            // SECURITY: a '..' segment is an attempt, not a mistake: refused, not quietly repaired.
            throw new HunyuException(ErrorCode.InvalidArgument, $"file name '{Printable(clientName)}': a '..' segment would leave the uploads folder; refused");
        }

        // SECURITY: only the last segment is kept, so "/etc/passwd.txt" becomes "passwd.txt" and
        // "C:\x\a.md" becomes "a.md"; the saved path is checked against the folder again when saving.
        var name = clientName ?? string.Empty;
        name = name[(name.LastIndexOfAny(['/', '\\']) + 1)..];

        var safe = new StringBuilder(name.Length);
        foreach (var c in name)
        {
            if (!char.IsControl(c) && Array.IndexOf(Forbidden, c) < 0)
            {
                safe.Append(c);
            }
        }

        var result = safe.ToString().Trim().Trim('.').Trim();
        if (Path.GetFileNameWithoutExtension(result).Trim().Length == 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"file name '{Printable(clientName)}': nothing usable is left once folders and unsafe characters are removed");
        }

        if (result.Length > MaxLength)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"file name '{Printable(clientName)[..40]}…' is {result.Length} characters; limit is {MaxLength}");
        }

        // Windows device names stay devices whatever the extension ("nul.txt").
        var stem = result.Split('.')[0].TrimEnd();
        return ReservedDeviceNames.Contains(stem) ? "_" + result : result;
    }

    /// <summary>Characters of a client-supplied name (a domain, user, key id) shown in an error message.</summary>
    public const int MessageNameChars = 80;

    /// <summary>A client-supplied name as it may appear in a message: at most <paramref name="maxChars"/> characters, control characters shown as '?'.</summary>
    public static string Printable(string? name, int maxChars = int.MaxValue)
    {
        var value = name ?? string.Empty;
        value = value.Length <= maxChars ? value : value[..maxChars];
        return string.Create(value.Length, value, static (span, text) =>
        {
            for (var i = 0; i < text.Length; i++)
            {
                span[i] = char.IsControl(text[i]) ? '?' : text[i];
            }
        });
    }
}
