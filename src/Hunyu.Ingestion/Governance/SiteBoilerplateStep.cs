using System.Globalization;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// <c>boilerplate</c> (site): removes lines that most earlier documents of the same source repeat — the navigation,
/// footers and notices of a web site's pages that main-content extraction left in.
/// </summary>
/// <remarks>
/// <para>
/// Incremental: each document is judged against the documents of the source seen before it, then counted. A line
/// (by <see cref="LineKey"/>) is boilerplate once at least <see cref="MinDocuments"/> documents were seen and it was in
/// at least <see cref="MinShare"/> of them. The first documents of a source therefore keep their navigation: the
/// price of deciding in one pass. Only documents whose <c>format</c> metadata is one of
/// <see cref="GovernanceOptions.SiteBoilerplateFormats"/> take part.
/// </para>
/// <para>
/// Bounded: at most <see cref="MaxTrackedLines"/> line keys are counted; when full, the rarest are forgotten (those
/// seen once, then twice, …), which never forgets a line common enough to be boilerplate. One instance per source;
/// <see cref="IGovernanceStep.Apply"/> is not thread-safe (the pipeline calls it in input order, one at a time).
/// </para>
/// </remarks>
public sealed class SiteBoilerplateStep(GovernanceOptions options) : IOrderedGovernanceStep
{
    /// <summary>The step's name in reports.</summary>
    public const string StepName = "boilerplate";

    /// <summary>Documents of the source that must have been seen before lines are judged.</summary>
    public const int MinDocuments = 5;

    /// <summary>Share of the documents seen so far that must contain a line for it to be boilerplate.</summary>
    public const double MinShare = 0.5;

    /// <summary>Most line keys counted at once.</summary>
    public const int MaxTrackedLines = 100_000;

    private readonly HashSet<string> _formats = new(options.SiteBoilerplateFormats, StringComparer.OrdinalIgnoreCase);
    private readonly Dictionary<ulong, int> _documentsWithLine = [];
    private int _documents;

    /// <inheritdoc/>
    public string Name => StepName;

    /// <summary>How many line keys are counted now (at most <see cref="MaxTrackedLines"/>).</summary>
    public int TrackedLines => _documentsWithLine.Count;

    /// <inheritdoc/>
    public void Prepare(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (!document.Parsed.Metadata.TryGetValue("format", out var format) || !_formats.Contains(format))
        {
            document.LineHashes = [];
            return;
        }

        var keys = new HashSet<ulong>();
        foreach (var block in document.Blocks)
        {
            foreach (var (start, length) in LineKey.Lines(block.Text))
            {
                if (LineKey.Of(block.Text.AsSpan(start, length)) is var key and not 0)
                {
                    keys.Add(key);
                }
            }
        }

        document.LineHashes = [.. keys];
    }

    /// <inheritdoc/>
    public StepResult Apply(GovernedDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        if (document.LineHashes is null)
        {
            Prepare(document);
        }

        var keys = document.LineHashes!;
        document.LineHashes = null;
        if (keys.Length == 0)
        {
            return StepResult.Unchanged;
        }

        var needed = Math.Max(2, (int)Math.Ceiling(_documents * MinShare));
        var boilerplate = _documents < MinDocuments
            ? []
            : keys.Where(key => _documentsWithLine.GetValueOrDefault(key) >= needed).ToHashSet();
        Count(keys);
        if (boilerplate.Count == 0)
        {
            return StepResult.Unchanged;
        }

        var removed = 0;
        var kept = new List<TextBlock>(document.Blocks.Count);
        foreach (var block in document.Blocks)
        {
            var text = LineKey.Without(block.Text, (_, line) => boilerplate.Contains(LineKey.Of(line)), out var count);
            removed += count;
            if (text.Length > 0)
            {
                kept.Add(ReferenceEquals(text, block.Text) ? block : block with { Text = text });
            }
        }

        document.Blocks = kept;
        return StepResult.Changed(string.Create(CultureInfo.InvariantCulture, $"removed {removed:N0} lines repeated across the source's documents (each in at least {needed:N0} of {_documents - 1:N0} earlier documents)"));
    }

    private void Count(ulong[] keys)
    {
        _documents++;
        foreach (var key in keys)
        {
            _documentsWithLine[key] = _documentsWithLine.GetValueOrDefault(key) + 1;
        }

        // Forget the rarest keys until a quarter of the room is free; deterministic, and a key frequent enough to
        // be boilerplate (in half the documents) is never among the rarest while the room is this large.
        for (var rare = 1; _documentsWithLine.Count > MaxTrackedLines; rare++)
        {
            foreach (var key in _documentsWithLine.Where(pair => pair.Value <= rare).Select(pair => pair.Key).ToList())
            {
                _documentsWithLine.Remove(key);
                if (_documentsWithLine.Count <= MaxTrackedLines * 3 / 4)
                {
                    break;
                }
            }
        }
    }
}
