namespace Hunyu.Core.Errors;

/// <summary>Shapes library messages for the one-line errors Hunyu prints.</summary>
public static class MessageText
{
    /// <summary>Cuts a library message down to its first line, without a trailing period.</summary>
    public static string OneLine(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var line = text.ReplaceLineEndings("\n").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).FirstOrDefault() ?? "unknown error";
        return line.TrimEnd('.');
    }
}
