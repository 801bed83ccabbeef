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

        long total = 0, controls = 0, replacements = 0, visible = 0, cjk = 0;
        var latin1 = default(MojibakeDetector.Latin1Reading);
        foreach (var block in document.Blocks)
        {
            foreach (var c in block.Text)
            {
                total++;
                if (c < ' ')
                {
                    if (c is not ('\t' or '\n' or '\r' or '\f' or '\v' or '\u001B'))
                    {
                        controls++;
                    }
                }
                else if (c == '\u007F' || c is '\uFFFE' or '\uFFFF')
                {
                    controls++;
                }
                else if (c != ' ')
                {
                    visible++;
                    replacements += c == '\uFFFD' ? 1 : 0;
                    cjk += c >= '\u2E80' ? 1 : 0;
                }

                latin1.Add(c);
            }

            latin1.Break();
        }

        if (total > 0 && controls > _quality.MaxControlShare * total)
        {
            return StepResult.Drop(Format($"binary content: {Percent(controls, total)} control characters; limit {_quality.MaxControlShare:P0} ({QualityOptions.Section}:{nameof(QualityOptions.MaxControlShare)})"));
        }

        if (latin1.ReadBack >= _quality.MinMojibakeChars && latin1.ReadBack >= _quality.MinMojibakeShare * latin1.NonAscii)
        {
            return StepResult.Drop(Format($"mojibake: UTF-8 text read as Latin-1/Windows-1252 ({Percent(latin1.ReadBack, latin1.NonAscii)} of the non-ASCII characters read back as UTF-8; limit {_quality.MinMojibakeShare:P0}, {QualityOptions.Section}:{nameof(QualityOptions.MinMojibakeShare)})"));
        }

        if (replacements >= _quality.MinMojibakeChars && replacements > _quality.MaxReplacementShare * visible)
        {
            return StepResult.Drop(Format($"mojibake: {replacements:N0} U+FFFD replacement characters ({Percent(replacements, visible)} of the text; limit {_quality.MaxReplacementShare:P0}, {QualityOptions.Section}:{nameof(QualityOptions.MaxReplacementShare)}): the text was decoded with the wrong or an unknown encoding"));
        }

        if (cjk >= _quality.MinMojibakeChars)
        {
            var (share, characters) = MojibakeDetector.GbkReadBack(document.Blocks.Select(block => block.Text));
            if (characters >= _quality.MinMojibakeChars && share >= _quality.MinMojibakeShare)
            {
                return StepResult.Drop(Format($"mojibake: UTF-8 text read as GBK ({share:P0} of the sampled characters read back as UTF-8; limit {_quality.MinMojibakeShare:P0}, {QualityOptions.Section}:{nameof(QualityOptions.MinMojibakeShare)})"));
            }
        }

        return StepResult.Unchanged;
    }

    private static string Percent(long part, long whole) => ((double)part / Math.Max(1, whole)).ToString("P0", CultureInfo.InvariantCulture);

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
