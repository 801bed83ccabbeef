using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// <c>quality</c>: detects the language (<see cref="LanguageDetector"/>) and drops what is not worth indexing — too
/// short, mostly digits and symbols, mostly lines repeated within the document, mostly machine-generated runs
/// (base64, hex) — or a language not in <see cref="QualityOptions.Languages"/>. Smaller machine-generated runs are
/// cut out and the rest kept.
/// </summary>
/// <remarks>One pass to profile plus one to find repeated lines; no regular expressions. Thread-safe: no state.</remarks>
public sealed class QualityStep(GovernanceOptions options) : IGovernanceStep
{
    /// <summary>The step's name in reports.</summary>
    public const string StepName = "quality";

    /// <summary>Fewest visible characters of running text before the symbol/digit share is judged.</summary>
    public const int MinCharsForSymbolCheck = 20;

    /// <summary>Fewest lines before the repeated-line share is judged.</summary>
    public const int MinLinesForRepeatCheck = 4;

    private readonly QualityOptions _quality = options.Quality;

    /// <inheritdoc/>
    public string Name => StepName;

    /// <inheritdoc/>
    public StepResult Apply(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var change = RemoveJunk(document, out var drop);
        if (drop is not null)
        {
            return drop;
        }

        // The running text's share of symbols is the whole minus the table rows (rare, so profiled twice).
        var profile = default(TextProfile);
        var tables = default(TextProfile);
        foreach (var block in document.Blocks)
        {
            profile.Add(block.Text);
            profile.Break();
            if (block.Kind == BlockKind.TableRow)
            {
                tables.Add(block.Text);
            }
        }

        var proseVisible = profile.Visible - tables.Visible;
        var proseSymbols = profile.SymbolsAndDigits - tables.SymbolsAndDigits;

        document.Language = LanguageDetector.Detect(profile);
        if (profile.Visible < _quality.MinChars || profile.Visible == 0)
        {
            return StepResult.Drop(Format($"too short: {profile.Visible:N0} visible characters; minimum {Math.Max(1, _quality.MinChars):N0} ({QualityOptions.Section}:{nameof(QualityOptions.MinChars)})"));
        }

        if (_quality.Languages.Count > 0 && !_quality.Languages.Contains(document.Language, StringComparer.Ordinal))
        {
            return StepResult.Drop(Format($"language {document.Language} is not among {string.Join(", ", _quality.Languages)} ({QualityOptions.Section}:{nameof(QualityOptions.Languages)})"));
        }

        if (proseVisible >= MinCharsForSymbolCheck && proseSymbols > _quality.MaxSymbolDigitShare * proseVisible)
        {
            return StepResult.Drop(Format($"mostly digits and symbols: {(double)proseSymbols / proseVisible:P0} of the running text; limit {_quality.MaxSymbolDigitShare:P0} ({QualityOptions.Section}:{nameof(QualityOptions.MaxSymbolDigitShare)})"));
        }

        var (lines, repeatedShare) = RepeatedLines(document.Blocks);
        if (lines >= MinLinesForRepeatCheck && repeatedShare > _quality.MaxRepeatedLineShare)
        {
            return StepResult.Drop(Format($"repeated lines: {repeatedShare:P0} of the text repeats earlier lines of the document; limit {_quality.MaxRepeatedLineShare:P0} ({QualityOptions.Section}:{nameof(QualityOptions.MaxRepeatedLineShare)})"));
        }

        return change ?? StepResult.Unchanged;
    }

    /// <summary>Cuts machine-generated runs out of the blocks, or says to drop the document when they are most of it.</summary>
    private StepResult? RemoveJunk(GovernedDocument document, out StepResult? drop)
    {
        drop = null;
        Dictionary<int, List<(int Start, int Length)>>? runs = null;
        long junk = 0;
        var blocks = document.Blocks;
        for (var i = 0; i < blocks.Count; i++)
        {
            if (JunkScanner.Find(blocks[i].Text, _quality.MinBase64Run, _quality.MinHexRun) is { } found)
            {
                (runs ??= [])[i] = found;
                junk += found.Sum(run => (long)run.Length);
            }
        }

        if (runs is null || junk == 0)
        {
            return null;
        }

        var visible = blocks.Sum(block => (long)block.Text.Length - block.Text.AsSpan().Count(' ') - block.Text.AsSpan().Count('\n'));

        if (junk > _quality.MaxJunkShare * visible)
        {
            drop = StepResult.Drop(Format($"machine-generated: {(double)junk / visible:P0} of the text is base64 or hex runs; limit {_quality.MaxJunkShare:P0} ({QualityOptions.Section}:{nameof(QualityOptions.MaxJunkShare)})"));
            return null;
        }

        var kept = new List<TextBlock>(blocks.Count);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (!runs.TryGetValue(i, out var found))
            {
                kept.Add(blocks[i]);
                continue;
            }

            var text = blocks[i].Text;
            var builder = new StringBuilder(text.Length);
            var at = 0;
            foreach (var (start, length) in found)
            {
                builder.Append(text, at, start - at);
                at = start + length;
            }

            builder.Append(text, at, text.Length - at);
            var cleaned = Text.Normalization.TextNormalizer.Normalize(builder.ToString());
            if (cleaned.Length > 0)
            {
                kept.Add(blocks[i] with { Text = cleaned });
            }
        }

        document.Blocks = kept;
        return StepResult.Changed(Format($"removed {runs.Values.Sum(found => found.Count):N0} base64/hex runs ({junk:N0} characters)"));
    }

    /// <summary>The number of non-blank lines and the share of their characters in lines that repeat an earlier line.</summary>
    private static (int Lines, double RepeatedShare) RepeatedLines(IReadOnlyList<TextBlock> blocks)
    {
        // PERF: most documents have fewer lines than the check needs; count them before hashing any.
        if (blocks.Sum(block => block.Text.AsSpan().Count('\n') + 1) < MinLinesForRepeatCheck)
        {
            return (0, 0);
        }

        var seen = new HashSet<ulong>();
        long total = 0, repeated = 0;
        var lines = 0;
        foreach (var block in blocks)
        {
            foreach (var (start, length) in LineKey.Lines(block.Text))
            {
                var line = block.Text.AsSpan(start, length).Trim();
                if (line.IsEmpty)
                {
                    continue;
                }

                lines++;
                total += line.Length;
                if (!seen.Add(XxHash3.HashToUInt64(MemoryMarshal.AsBytes(line))))
                {
                    repeated += line.Length;
                }
            }
        }

        return (lines, total == 0 ? 0 : (double)repeated / total);
    }

    private static string Format(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
