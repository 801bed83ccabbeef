using System.Collections.Frozen;
using System.Text;

namespace Hunyu.Ingestion.Governance;

/// <summary>Folds Traditional Chinese characters to Simplified, one character at a time, for search and deduplication.</summary>
/// <remarks>
/// <para>
/// The mapping is OpenCC's <c>TSCharacters</c> (4,113 characters, Apache-2.0), vendored as an embedded resource
/// (see <c>Governance/Resources/README.md</c>): no package the project already references ships one, and a
/// hand-made table of common characters would miss most of them. Where OpenCC lists several Simplified forms the
/// first is used.
/// </para>
/// <para>
/// Character folding is what search needs (臺灣/台灣 and 台湾 meet) but it is not a translation: regional words
/// (軟體/软件) stay different, and characters that fold together (乾/干/幹 → 干) lose their distinction. Stateless
/// after the first use; thread-safe.
/// </para>
/// </remarks>
public static class ChineseScriptFolder
{
    private const string ResourceName = "Hunyu.Ingestion.Governance.Resources.TSCharacters.txt";

    /// <summary>Marks, in the BMP table, a character whose Simplified form is outside the BMP (a noncharacter: never a real form).</summary>
    private const char ToSupplementary = '\uFFFF';

    private static readonly Lazy<Mapping> Table = new(Load);

    /// <summary>How many Traditional characters the mapping folds.</summary>
    public static int Count => Table.Value.Count;

    /// <summary>The Simplified form of a BMP character, or the character itself when it has none (or folds outside the BMP).</summary>
    public static char Fold(char c) => Table.Value.Bmp[c] is var folded and not '\0' and not ToSupplementary ? folded : c;

    /// <summary>Returns <paramref name="text"/> with every Traditional character replaced by its Simplified form.</summary>
    /// <param name="text">Any text.</param>
    /// <param name="folded">How many characters were replaced.</param>
    /// <returns>The folded text; the same instance when nothing was replaced.</returns>
    /// <exception cref="ArgumentNullException"><paramref name="text"/> is null.</exception>
    public static string ToSimplified(string text, out int folded)
    {
        ArgumentNullException.ThrowIfNull(text);
        var table = Table.Value;
        folded = 0;
        StringBuilder? builder = null;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            string? replacement = null;
            var width = 1;
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                width = 2;
                table.Supplementary.TryGetValue(char.ConvertToUtf32(c, text[i + 1]), out replacement);
            }
            else if (table.Bmp[c] is var bmp and not '\0')
            {
                // PERF: one table read per character; only the few marked ones are looked up in the dictionary.
                replacement = bmp == ToSupplementary ? table.BmpToSupplementary[c] : bmp.ToString();
            }

            if (replacement is null)
            {
                builder?.Append(text, i, width);
            }
            else
            {
                builder ??= new StringBuilder(text.Length).Append(text, 0, i);
                builder.Append(replacement);
                folded++;
            }

            i += width - 1;
        }

        return builder?.ToString() ?? text;
    }

    private sealed record Mapping(char[] Bmp, FrozenDictionary<char, string> BmpToSupplementary, FrozenDictionary<int, string> Supplementary, int Count);

    private static Mapping Load()
    {
        using var stream = typeof(ChineseScriptFolder).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"embedded resource {ResourceName} is missing from the build");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var bmp = new char[char.MaxValue + 1];
        var bmpToSupplementary = new Dictionary<char, string>();
        var supplementary = new Dictionary<int, string>();
        var count = 0;
        while (reader.ReadLine() is { } line)
        {
            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                continue;
            }

            var traditional = line[..tab];
            var simplified = line[(tab + 1)..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0];
            if (traditional == simplified)
            {
                continue;
            }

            count++;
            if (traditional.Length == 1 && simplified.Length == 1)
            {
                bmp[traditional[0]] = simplified[0];
            }
            else if (traditional.Length == 1)
            {
                bmpToSupplementary[traditional[0]] = simplified;
                bmp[traditional[0]] = ToSupplementary;
            }
            else
            {
                supplementary[char.ConvertToUtf32(traditional, 0)] = simplified;
            }
        }

        return new Mapping(bmp, bmpToSupplementary.ToFrozenDictionary(), supplementary.ToFrozenDictionary(), count);
    }
}
