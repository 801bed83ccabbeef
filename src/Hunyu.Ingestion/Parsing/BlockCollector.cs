namespace Hunyu.Ingestion.Parsing;

/// <summary>Collects text blocks in reading order, dropping blocks without visible text.</summary>
internal sealed class BlockCollector
{
    private readonly List<TextBlock> _blocks = [];

    /// <summary>The blocks collected so far.</summary>
    public IReadOnlyList<TextBlock> Blocks => _blocks;

    /// <summary>The first heading of level 1 collected so far, if any.</summary>
    public string? FirstHeading(int level = 1) =>
        _blocks.FirstOrDefault(block => block.Kind == BlockKind.Heading && block.HeadingLevel == level)?.Text;

    /// <summary>Adds a block unless its text is blank.</summary>
    public void Add(BlockKind kind, string? text, int headingLevel = 0, int? page = null)
    {
        if (string.IsNullOrWhiteSpace(text))
        {
            return;
        }

        var level = kind == BlockKind.Heading ? Math.Clamp(headingLevel, 1, 6) : 0;
        // Code keeps its indentation and table rows their leading empty cells.
        var kept = kind switch
        {
            BlockKind.Code => text.TrimEnd(),
            BlockKind.TableRow => text,
            _ => text.Trim(),
        };
        _blocks.Add(new TextBlock(kind, kept, level, page));
    }

    /// <summary>Throws <c>empty_input</c> naming the file when nothing was collected.</summary>
    public IReadOnlyList<TextBlock> RequireText(string fileName, string? detail = null)
    {
        if (_blocks.Count == 0)
        {
            throw ParserErrors.Empty(fileName, detail);
        }

        return _blocks;
    }
}
