using System.Text;
using System.Text.Json;
using Hunyu.Cli.Output;
using Hunyu.Core.Errors;
using Hunyu.Models.Grounding;

namespace Hunyu.Cli.Commands;

/// <summary>
/// The earlier turns of <c>hunyu ask --history FILE</c>: a JSON array of <c>{"question", "answer"}</c> (the shape of
/// <c>POST /api/ask</c>'s <c>history</c>); a missing file is a new conversation, and each answered turn is appended.
/// </summary>
public static class ConversationFile
{
    /// <summary>Largest history file read.</summary>
    public const long MaxBytes = 4 * 1024 * 1024;

    /// <summary>The turns in <paramref name="path"/>, oldest first; none when the file does not exist.</summary>
    /// <exception cref="HunyuException">The file is too large or not a JSON array of turns (<c>too_large</c>, <c>invalid_argument</c>).</exception>
    public static IReadOnlyList<ConversationTurn> Read(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return [];
        }

        if (file.Length > MaxBytes)
        {
            throw new HunyuException(ErrorCode.TooLarge, $"--history {path}: {file.Length:N0} bytes; limit is {MaxBytes:N0}");
        }

        try
        {
            var turns = JsonSerializer.Deserialize<List<ConversationTurn?>>(File.ReadAllText(path, Encoding.UTF8), CliJson.Options) ?? [];
            return [.. turns.Select(turn => turn ?? new ConversationTurn(string.Empty))];
        }
        catch (JsonException e)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"--history {path}: not a JSON array of {{\"question\", \"answer\"}} turns ({e.Message})", e);
        }
    }

    /// <summary>Writes <paramref name="turns"/> to <paramref name="path"/> (replacing it whole, never half-written).</summary>
    public static void Write(string path, IReadOnlyList<ConversationTurn> turns)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        var temporary = path + ".tmp";
        File.WriteAllText(temporary, JsonSerializer.Serialize(turns, CliJson.Options) + "\n", new UTF8Encoding(false));
        File.Move(temporary, path, overwrite: true);
    }
}
