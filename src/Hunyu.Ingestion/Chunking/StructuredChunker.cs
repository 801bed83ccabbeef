using System.Text;
using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Parsing;
using Hunyu.Text.Normalization;
using Hunyu.Text.Sentences;
using Hunyu.Text.Tokens;

namespace Hunyu.Ingestion.Chunking;

/// <summary>
/// Cuts a parsed document into chunks that follow its structure: headings, pages and a token budget.
/// </summary>
/// <remarks>
/// <para>The rules:</para>
/// <list type="bullet">
/// <item>Every block is normalised with <see cref="TextNormalizer"/>; blank blocks are skipped (and counted),
/// the rest joined with "\n" form the extracted text.</item>
/// <item>A heading starts a new chunk, and its text opens that chunk. Consecutive headings with nothing in
/// between share one chunk rather than making heading-only chunks. The section path is a stack by
/// heading level (a level-2 heading replaces the earlier level-2 and deeper ones), joined by " > ".</item>
/// <item>Blocks are packed into a chunk while their estimated tokens (<see cref="TokenEstimator"/>) fit
/// <see cref="ChunkingOptions.MaxTokens"/>; a block that fits the budget on its own is never split. A block
/// that does not is split into sentences (<see cref="SentenceSplitter"/>), and a sentence that does not is
/// cut at the budget (the first piece filling what is left of the current chunk), preferring a space in
/// its second half. No text is ever dropped.</item>
/// <item>When a chunk is full (a cut that is not at a heading or a page change), the next chunk starts
/// with the last whole sentences of the full one, at most <see cref="ChunkingOptions.OverlapTokens"/> (less
/// when the text that follows needs the room, so pieces of a hard-cut sentence get none) and
/// never all of it. Headings are never repeated.</item>
/// <item>A page change starts a new chunk, so each chunk has one <see cref="Chunk.Page"/>.</item>
/// <item>Each chunk's text is exactly <c>Text[StartOffset..EndOffset]</c> of the extracted text: a
/// contiguous slice, including the "\n" between the blocks it spans and, after a full chunk, the
/// overlapping sentences (so consecutive ranges may overlap).</item>
/// </list>
/// <para>Time and memory are linear in the document's size. The class is immutable and thread-safe.</para>
/// </remarks>
public sealed class StructuredChunker
{
    private readonly int _maxTokens;
    private readonly int _overlapTokens;

    /// <summary>Creates a chunker with the given options (copied; later changes have no effect).</summary>
    /// <param name="options">The chunking options.</param>
    /// <exception cref="ArgumentNullException"><paramref name="options"/> is null.</exception>
    /// <exception cref="ArgumentException">An option is out of range (see <see cref="ChunkingOptions.Validate"/>).</exception>
    public StructuredChunker(ChunkingOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _maxTokens = options.MaxTokens;
        _overlapTokens = options.OverlapTokens;
    }

    /// <summary>Cuts the blocks of one document into chunks.</summary>
    /// <param name="documentId">The id of the document, copied into every chunk.</param>
    /// <param name="blocks">The document's text blocks in reading order (raw; they are normalised here).</param>
    /// <returns>The extracted text and its chunks; no chunks when the document has no text.</returns>
    /// <exception cref="ArgumentException"><paramref name="documentId"/> is blank, or a block is null.</exception>
    /// <exception cref="ArgumentNullException"><paramref name="documentId"/> or <paramref name="blocks"/> is null.</exception>
    public ChunkedDocument Chunk(string documentId, IReadOnlyList<TextBlock> blocks)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(documentId);
        ArgumentNullException.ThrowIfNull(blocks);

        var builder = new StringBuilder();
        var placed = new List<PlacedBlock>(blocks.Count);
        int skipped = 0;
        for (int i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i] ?? throw new ArgumentException($"blocks[{i}] is null.", nameof(blocks));
            string normalized = TextNormalizer.Normalize(block.Text ?? string.Empty);
            if (normalized.Length == 0)
            {
                skipped++;
                continue;
            }

            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            placed.Add(new PlacedBlock(builder.Length, builder.Length + normalized.Length, block));
            builder.Append(normalized);
        }

        string text = builder.ToString();
        var assembler = new Assembler(documentId, text, _maxTokens, _overlapTokens);
        foreach (var block in placed)
        {
            assembler.Add(block);
        }

        return new ChunkedDocument(text, assembler.Finish(), skipped);
    }

    private readonly record struct PlacedBlock(int Start, int End, TextBlock Block);

    private enum UnitKind
    {
        Heading,
        Block,
        Sentence,
    }

    /// <summary>A contiguous, trimmed range of the extracted text that is never split further.</summary>
    private readonly record struct Unit(int Start, int End, int Tokens, UnitKind Kind);

    /// <summary>The state of one <see cref="Chunk(string, IReadOnlyList{TextBlock})"/> call.</summary>
    private sealed class Assembler(string documentId, string text, int maxTokens, int overlapTokens)
    {
        private const int MaxHeadingLevel = 6;

        /// <summary>A hard-cut piece fills the current chunk when at least 1/MinFillShare of the budget is left.</summary>
        private const int MinFillShare = 4;

        private readonly List<Chunk> _chunks = [];
        private readonly List<Unit> _units = [];
        private readonly List<(int Level, string Text)> _headings = [];
        private readonly List<Unit> _tail = [];
        private string? _sectionPath = string.Empty;
        private int _tokens;
        private int? _page;
        private bool _hasContent;

        public void Add(PlacedBlock placed)
        {
            var block = placed.Block;
            if (block.Kind == BlockKind.Heading)
            {
                if (_units.Count > 0 && (_hasContent || _page != block.Page))
                {
                    Emit();
                }

                PushHeading(Math.Clamp(block.HeadingLevel, 1, MaxHeadingLevel), placed);
                AddRange(placed.Start, placed.End, UnitKind.Heading, block.Page);
            }
            else
            {
                AddRange(placed.Start, placed.End, UnitKind.Block, block.Page);
            }
        }

        public List<Chunk> Finish()
        {
            Emit();
            return _chunks;
        }

        private void PushHeading(int level, PlacedBlock placed)
        {
            while (_headings.Count > 0 && _headings[^1].Level >= level)
            {
                _headings.RemoveAt(_headings.Count - 1);
            }

            _headings.Add((level, text[placed.Start..placed.End].Replace('\n', ' ')));
            _sectionPath = null;
        }

        private string SectionPath => _sectionPath ??= string.Join(Core.Knowledge.Chunk.SectionSeparator, _headings.Select(h => h.Text));

        /// <summary>Adds a block's range whole when it fits the budget, else by sentences, else by hard cuts.</summary>
        private void AddRange(int start, int end, UnitKind kind, int? page)
        {
            int tokens = TokenEstimator.Count(text.AsSpan(start, end - start));
            if (tokens <= maxTokens)
            {
                Place(new Unit(start, end, tokens, kind), page);
                return;
            }

            var pieceKind = kind == UnitKind.Heading ? UnitKind.Heading : UnitKind.Sentence;
            foreach (var sentence in SentenceSplitter.Split(text.AsSpan(start, end - start)))
            {
                int sentenceStart = start + sentence.Start;
                int sentenceEnd = start + sentence.End;
                int sentenceTokens = TokenEstimator.Count(text.AsSpan(sentenceStart, sentence.Length));
                if (sentenceTokens <= maxTokens)
                {
                    Place(new Unit(sentenceStart, sentenceEnd, sentenceTokens, pieceKind), page);
                }
                else
                {
                    CutHard(sentenceStart, sentenceEnd, pieceKind, page);
                }
            }
        }

        /// <summary>Cuts one over-long sentence into pieces of at most the budget, losing nothing.</summary>
        private void CutHard(int start, int end, UnitKind kind, int? page)
        {
            int position = start;
            while (position < end)
            {
                // Fill what is left of the current chunk when that is a fair share of it, so a heading or a
                // short lead-in is not left alone in a chunk; otherwise the piece starts the next chunk.
                int room = maxTokens - _tokens;
                int budget = _units.Count > 0 && _page == page && room >= maxTokens / MinFillShare ? room : maxTokens;
                var rest = text.AsSpan(position, end - position);
                int length = TokenEstimator.FitPrefix(rest, budget);
                if (length < rest.Length)
                {
                    // Prefer ending at a space when one is in the second half, so words stay whole.
                    int space = rest[..length].LastIndexOfAny(' ', '\t');
                    if (space > length / 2)
                    {
                        length = space;
                    }
                }

                int pieceEnd = position + length;
                int trimmedEnd = pieceEnd;
                while (trimmedEnd > position && char.IsWhiteSpace(text[trimmedEnd - 1]))
                {
                    trimmedEnd--;
                }

                if (trimmedEnd > position)
                {
                    Place(new Unit(position, trimmedEnd, TokenEstimator.Count(text.AsSpan(position, trimmedEnd - position)), kind), page);
                }

                position = pieceEnd;
                while (position < end && char.IsWhiteSpace(text[position]))
                {
                    position++;
                }
            }
        }

        private void Place(Unit unit, int? page)
        {
            if (_units.Count > 0)
            {
                if (_page != page)
                {
                    Emit();
                }
                else if (_tokens + unit.Tokens > maxTokens)
                {
                    EmitWithOverlap(unit);
                }
            }

            if (_units.Count == 0)
            {
                _page = page;
            }

            _units.Add(unit);
            _tokens += unit.Tokens;
            _hasContent |= unit.Kind != UnitKind.Heading;
        }

        /// <summary>Emits the full chunk and starts the next with its last sentences, leaving room for <paramref name="next"/>.</summary>
        private void EmitWithOverlap(Unit next)
        {
            int budget = Math.Min(overlapTokens, maxTokens - next.Tokens);
            _tail.Clear();
            int tailTokens = 0;
            if (budget > 0)
            {
                tailTokens = CollectTail(budget);
            }

            // The overlap must never repeat the whole previous chunk.
            if (_tail.Count > 0 && _tail[^1].Start <= _units[0].Start)
            {
                tailTokens -= _tail[^1].Tokens;
                _tail.RemoveAt(_tail.Count - 1);
            }

            Emit();
            for (int i = _tail.Count - 1; i >= 0; i--)
            {
                _units.Add(_tail[i]);
            }

            _tokens = tailTokens;
            _hasContent = _tail.Count > 0;
        }

        /// <summary>Fills <see cref="_tail"/>, last sentence first, with whole sentences totalling at most <paramref name="budget"/>.</summary>
        private int CollectTail(int budget)
        {
            int tailTokens = 0;
            for (int u = _units.Count - 1; u >= 0; u--)
            {
                var unit = _units[u];
                if (unit.Kind == UnitKind.Heading)
                {
                    return tailTokens;
                }

                if (unit.Kind == UnitKind.Sentence)
                {
                    if (tailTokens + unit.Tokens > budget)
                    {
                        return tailTokens;
                    }

                    _tail.Add(unit);
                    tailTokens += unit.Tokens;
                    continue;
                }

                var sentences = SentenceSplitter.Split(text.AsSpan(unit.Start, unit.End - unit.Start));
                for (int s = sentences.Count - 1; s >= 0; s--)
                {
                    int start = unit.Start + sentences[s].Start;
                    int tokens = TokenEstimator.Count(text.AsSpan(start, sentences[s].Length));
                    if (tailTokens + tokens > budget)
                    {
                        return tailTokens;
                    }

                    _tail.Add(new Unit(start, start + sentences[s].Length, tokens, UnitKind.Sentence));
                    tailTokens += tokens;
                }
            }

            return tailTokens;
        }

        private void Emit()
        {
            if (_units.Count == 0)
            {
                return;
            }

            int start = _units[0].Start;
            int end = _units[^1].End;
            _chunks.Add(new Chunk(documentId, _chunks.Count, text[start..end], SectionPath, _page, start, end));
            _units.Clear();
            _tokens = 0;
            _hasContent = false;
        }
    }
}
