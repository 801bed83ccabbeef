using System.Globalization;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// <c>boilerplate</c> (pages): removes running headers, footers and page numbers of paged documents (PDF, slides):
/// lines at the top or bottom of a page whose <see cref="LineKey"/> recurs at the top or bottom of many pages.
/// </summary>
/// <remarks>
/// Only the first and last <see cref="EdgeLines"/> lines of each page are candidates, so the body is never touched;
/// a key is boilerplate when it is on at least <see cref="MinPageShare"/> of the pages and on at least
/// <see cref="MinPages"/>. Page numbers ("12", "- 12 -", "第 12 页", "Page 12 of 30") share one key across pages and go
/// with the rest. Documents of fewer than <see cref="MinPages"/> pages are left alone. Thread-safe: no state.
/// </remarks>
public sealed class PageBoilerplateStep : IGovernanceStep
{
    /// <summary>The step's name in reports.</summary>
    public const string StepName = "boilerplate";

    /// <summary>Fewest pages on which a line must recur, and fewest pages a document needs to be checked.</summary>
    public const int MinPages = 3;

    /// <summary>Share of the pages on which a line must recur (0.4, so headers alternating between odd and even pages count).</summary>
    public const double MinPageShare = 0.4;

    /// <summary>Lines at each end of a page that may be a header or footer.</summary>
    public const int EdgeLines = 2;

    /// <inheritdoc/>
    public string Name => StepName;

    /// <inheritdoc/>
    public StepResult Apply(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        var blocks = document.Blocks;
        if (!HasPages(blocks))
        {
            // Not paged text (most sources): nothing to compare across pages.
            return StepResult.Unchanged;
        }

        var edges = EdgeLinesByPage(blocks);
        if (edges.Count < MinPages)
        {
            return StepResult.Unchanged;
        }

        var pagesWithKey = new Dictionary<ulong, int>();
        foreach (var keys in edges.Values)
        {
            foreach (var key in keys.Select(line => line.Key).Distinct())
            {
                pagesWithKey[key] = pagesWithKey.GetValueOrDefault(key) + 1;
            }
        }

        var needed = Math.Max(MinPages, (int)Math.Ceiling(edges.Count * MinPageShare));
        var doomed = edges.Values
            .SelectMany(lines => lines)
            .Where(line => pagesWithKey[line.Key] >= needed)
            .ToLookup(line => line.Block, line => line.Line);
        if (doomed.Count == 0)
        {
            return StepResult.Unchanged;
        }

        var removed = 0;
        var kept = new List<TextBlock>(blocks.Count);
        for (var i = 0; i < blocks.Count; i++)
        {
            if (!doomed.Contains(i))
            {
                kept.Add(blocks[i]);
                continue;
            }

            var lines = doomed[i].ToHashSet();
            var text = LineKey.Without(blocks[i].Text, (index, _) => lines.Contains(index), out var count);
            removed += count;
            if (text.Length > 0)
            {
                kept.Add(blocks[i] with { Text = text });
            }
        }

        document.Blocks = kept;
        return StepResult.Changed(string.Create(CultureInfo.InvariantCulture, $"removed {removed:N0} page header/footer lines (each on at least {needed:N0} of {edges.Count:N0} pages)"));
    }

    private readonly record struct EdgeLine(int Block, int Line, ulong Key);

    private static bool HasPages(IReadOnlyList<TextBlock> blocks)
    {
        foreach (var block in blocks)
        {
            if (block.Page is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The keyed first and last lines of each page, by page number.</summary>
    private static Dictionary<int, List<EdgeLine>> EdgeLinesByPage(IReadOnlyList<TextBlock> blocks)
    {
        var pages = new Dictionary<int, List<(int Block, int Line, ulong Key)>>();
        for (var i = 0; i < blocks.Count; i++)
        {
            if (blocks[i].Page is not { } page)
            {
                continue;
            }

            if (!pages.TryGetValue(page, out var lines))
            {
                pages[page] = lines = [];
            }

            var text = blocks[i].Text;
            var index = 0;
            foreach (var (start, length) in LineKey.Lines(text))
            {
                if (length > 0 && !text.AsSpan(start, length).IsWhiteSpace())
                {
                    lines.Add((i, index, LineKey.Of(text.AsSpan(start, length))));
                }

                index++;
            }
        }

        var edges = new Dictionary<int, List<EdgeLine>>(pages.Count);
        foreach (var (page, lines) in pages)
        {
            var picked = new List<EdgeLine>(EdgeLines * 2);
            for (var k = 0; k < lines.Count; k++)
            {
                if ((k < EdgeLines || k >= lines.Count - EdgeLines) && lines[k].Key != 0)
                {
                    picked.Add(new EdgeLine(lines[k].Block, lines[k].Line, lines[k].Key));
                }
            }

            edges[page] = picked;
        }

        return edges;
    }
}
