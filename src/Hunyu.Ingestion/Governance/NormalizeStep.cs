using System.Globalization;
using Hunyu.Ingestion.Parsing;
using Hunyu.Text.Normalization;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// <c>normalize</c>: brings the title and every block into the canonical form of <see cref="TextNormalizer"/> (NFKC,
/// full/half width, whitespace, control and zero-width characters), drops blocks left empty, and optionally folds
/// Traditional Chinese to Simplified (<see cref="GovernanceOptions.FoldToSimplified"/>).
/// </summary>
/// <remarks>Thread-safe: the step holds no state.</remarks>
public sealed class NormalizeStep(GovernanceOptions options) : IGovernanceStep
{
    /// <summary>The step's name in reports.</summary>
    public const string StepName = "normalize";

    /// <inheritdoc/>
    public string Name => StepName;

    /// <inheritdoc/>
    public StepResult Apply(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        int changedBlocks = 0, emptyBlocks = 0, folded = 0;
        long delta = 0;
        var title = Govern(document.Title, ref folded);
        List<TextBlock>? blocks = null;
        var source = document.Blocks;
        for (var i = 0; i < source.Count; i++)
        {
            var block = source[i];
            var text = Govern(block.Text ?? string.Empty, ref folded);
            if (text.Length == 0)
            {
                emptyBlocks++;
                delta -= block.Text?.Length ?? 0;
                blocks ??= [.. source.Take(i)];
                continue;
            }

            if (!ReferenceEquals(text, block.Text))
            {
                changedBlocks++;
                delta += text.Length - block.Text!.Length;
                blocks ??= [.. source.Take(i)];
                blocks.Add(block with { Text = text });
            }
            else
            {
                blocks?.Add(block);
            }
        }

        var titleChanged = !ReferenceEquals(title, document.Title);
        if (blocks is null && !titleChanged)
        {
            return StepResult.Unchanged;
        }

        document.Title = title;
        if (blocks is not null)
        {
            document.Blocks = blocks;
        }

        // PERF: nearly every document of Chinese text changes here (full-width punctuation), so the usual detail is
        // one formatted string, without a list or a custom number format.
        var normalised = changedBlocks > 0 || titleChanged
            ? string.Create(CultureInfo.InvariantCulture, $"normalised {changedBlocks:N0} blocks{(titleChanged ? " and the title" : string.Empty)} ({(delta > 0 ? "+" : string.Empty)}{delta:N0} characters)")
            : null;
        if (emptyBlocks == 0 && folded == 0)
        {
            return StepResult.Changed(normalised!);
        }

        string?[] what =
        [
            normalised,
            emptyBlocks > 0 ? string.Create(CultureInfo.InvariantCulture, $"removed {emptyBlocks:N0} empty blocks") : null,
            folded > 0 ? string.Create(CultureInfo.InvariantCulture, $"folded {folded:N0} Traditional characters to Simplified") : null,
        ];
        return StepResult.Changed(string.Join("; ", what.OfType<string>()));
    }

    private string Govern(string text, ref int folded)
    {
        var normalized = TextNormalizer.Normalize(text);
        if (!options.FoldToSimplified)
        {
            return normalized;
        }

        var simplified = ChineseScriptFolder.ToSimplified(normalized, out var count);
        folded += count;
        return simplified;
    }
}
