using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>The parsers' standard failures, so every message starts with the file name.</summary>
internal static class ParserErrors
{
    /// <summary>The file holds no text.</summary>
    public static HunyuException Empty(string fileName, string? detail = null) =>
        new(ErrorCode.EmptyInput, detail is null ? $"{fileName}: contains no text" : $"{fileName}: contains no text ({detail})");

    /// <summary>The file cannot be read; <paramref name="reason"/> is one line.</summary>
    public static HunyuException Corrupt(string fileName, string reason, Exception? inner = null) =>
        new(ErrorCode.CorruptInput, $"{fileName}: {OneLine(reason)}", inner);

    /// <summary>The file or a part of it exceeds a limit.</summary>
    public static HunyuException TooLarge(string fileName, string reason) =>
        new(ErrorCode.TooLarge, $"{fileName}: {OneLine(reason)}");

    /// <summary>Cuts a library message down to its first line, without a trailing period (<see cref="MessageText.OneLine"/>).</summary>
    public static string OneLine(string text) => MessageText.OneLine(text);
}
