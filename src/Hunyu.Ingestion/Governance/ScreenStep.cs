using System.Buffers;
using System.Globalization;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// <c>screen</c>: the first look at the raw text, before anything is normalised away. Drops documents that are too
/// large to govern, binary content passed as text, and mojibake (text decoded with the wrong encoding).
/// </summary>
/// <remarks>
/// The size check reads only block lengths, so an oversized document costs nothing further. The other checks are
/// one linear pass (plus a GBK re-encoding of at most <see cref="MojibakeDetector.GbkSampleChars"/> characters).
/// Thread-safe: the step holds no state.
/// </remarks>
public sealed class ScreenStep(GovernanceOptions options) : IGovernanceStep
{
    /// <summary>The step's name in reports.</summary>
    public const string StepName = "screen";

    /// <summary>Control characters that do not occur in text: C0 except tab, line breaks, form feed and ESC (coloured logs); DEL; U+FFFE/U+FFFF.</summary>
    private static readonly SearchValues<char> ControlChars = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(c => (char)c).Where(c => c is not ('\t' or '\n' or '\r' or '\f' or '\v' or '\u001B')), '\u007F', '\uFFFE', '\uFFFF']);

    private readonly QualityOptions _quality = options.Quality;

    /// <inheritdoc/>
    public string Name => StepName;

    /// <inheritdoc/>
    public StepResult Apply(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var length = document.Length + document.Title.Length;
        if (length > options.MaxDocumentChars)
        {
            return StepResult.Drop(Format($"too large: {length:N0} characters; limit {options.MaxDocumentChars:N0} ({GovernanceOptions.Section}:{nameof(GovernanceOptions.MaxDocumentChars)})"));
        }

        // PERF: vectorised searches first; the per-character loops run only on blocks that have something to count.
        long total = 0, controls = 0, replacements = 0, cjk = 0;
        var latin1 = default(MojibakeDetector.Latin1Reading);
        foreach (var block in document.Blocks)
        {
            var text = block.Text.AsSpan();
            total += text.Length;
            if (text.IndexOfAny(ControlChars) >= 0)
            {
                foreach (var c in text)
                {
                    controls += ControlChars.Contains(c) ? 1 : 0;
                }
            }

            replacements += text.Count('\uFFFD');
            cjk += text.ContainsAnyInRange('\u2E80', '\uFFFF') ? 1 : 0;
            if (text.ContainsAnyInRange('\u0080', '\u00FF'))
            {
                foreach (var c in text)
                {
                    latin1.Add(c);
                }

                latin1.Break();
            }
        }

        if (total > 0 && controls > _quality.MaxControlShare * total)
        {
            return StepResult.Drop(Format($"binary content: {Percent(controls, total)} control characters; limit {_quality.MaxControlShare:P0} ({QualityOptions.Section}:{nameof(QualityOptions.MaxControlShare)})"));
        }

        if (latin1.ReadBack >= _quality.MinMojibakeChars)
        {
            var nonAscii = document.Blocks.Sum(block => (long)block.Text.Length - Ascii(block.Text));
            if (latin1.ReadBack >= _quality.MinMojibakeShare * nonAscii)
            {
                return StepResult.Drop(Format($"mojibake: UTF-8 text read as Latin-1/Windows-1252 ({Percent(latin1.ReadBack, nonAscii)} of the non-ASCII characters read back as UTF-8; limit {_quality.MinMojibakeShare:P0}, {QualityOptions.Section}:{nameof(QualityOptions.MinMojibakeShare)})"));
            }
        }

        if (replacements >= _quality.MinMojibakeChars)
        {
            var visible = document.Blocks.Sum(block => (long)block.Text.Length - block.Text.AsSpan().Count(' ') - block.Text.AsSpan().Count('\n'));
            if (replacements > _quality.MaxReplacementShare * visible)
            {
                return StepResult.Drop(Format($"mojibake: {replacements:N0} U+FFFD replacement characters ({Percent(replacements, visible)} of the text; limit {_quality.MaxReplacementShare:P0}, {QualityOptions.Section}:{nameof(QualityOptions.MaxReplacementShare)}): the text was decoded with the wrong or an unknown encoding"));
            }
        }

        var blocks = document.Blocks.Select(block => block.Text);
        if (cjk > 0 && !MojibakeDetector.LooksLikeCommonChinese(blocks))
        {
            var (share, characters) = MojibakeDetector.GbkReadBack(blocks);
            if (characters >= _quality.MinMojibakeChars && share >= _quality.MinMojibakeShare)
            {
                return StepResult.Drop(Format($"mojibake: UTF-8 text read as GBK ({share:P0} of the sampled characters read back as UTF-8; limit {_quality.MinMojibakeShare:P0}, {QualityOptions.Section}:{nameof(QualityOptions.MinMojibakeShare)})"));
            }
        }

        return StepResult.Unchanged;
    }

    private static long Ascii(string text)
    {
        long count = 0;
        foreach (var c in text)
        {
            count += c < 0x80 ? 1 : 0;
        }

        return count;
    }

    private static string Percent(long part, long whole) => ((double)part / Math.Max(1, whole)).ToString("P0", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
