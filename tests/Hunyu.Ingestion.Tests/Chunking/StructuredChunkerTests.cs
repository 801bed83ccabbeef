using System.Diagnostics;
using System.Text;
using Hunyu.Core.Knowledge;
using Hunyu.Ingestion.Chunking;
using Hunyu.Ingestion.Parsing;
using Hunyu.Text.Normalization;
using Hunyu.Text.Tokens;

namespace Hunyu.Ingestion.Tests.Chunking;

public sealed class StructuredChunkerTests
{
    private const string DocumentId = "doc-1";

    private static readonly string[] ChineseSentences =
    [
        "用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。",
        "劳动合同应当以书面形式订立。",
        "用人单位自用工之日起即与劳动者建立劳动关系。",
        "劳动者在该用人单位连续工作满十年的，应当订立无固定期限劳动合同。",
        "试用期包含在劳动合同期限内？",
        "本制度自２０２４年１月１日起施行！",
        "请联系HR部门（电话：010-12345678）；",
        "他说：“我明天来。”",
    ];

    private static readonly string[] EnglishSentences =
    [
        "The employer shall pay wages in full and on time.",
        "Dr. Li reviewed the contract and approved it, e.g. the annex.",
        "Overtime is paid at 1.5 times the normal rate.",
        "Employees may request leave in writing!",
        "Is remote work allowed in the U.S. office?",
    ];

    [Fact]
    public void Chunk_NoBlocks_ReturnsNoChunks()
    {
        var result = Chunker().Chunk(DocumentId, []);

        Assert.Empty(result.Chunks);
        Assert.Equal(string.Empty, result.Text);
    }

    [Fact]
    public void Chunk_OnlyBlankBlocks_ReturnsNoChunksAndCountsSkipped()
    {
        TextBlock[] blocks = [Paragraph("   "), Paragraph("\u3000\r\n\u200B"), Heading("\t", 1)];

        var result = Chunker().Chunk(DocumentId, blocks);

        Assert.Empty(result.Chunks);
        Assert.Equal(string.Empty, result.Text);
        Assert.Equal(3, result.SkippedBlocks);
    }

    [Fact]
    public void Chunk_SmallDocument_ReturnsOneChunkWithAllText()
    {
        TextBlock[] blocks = [Paragraph("劳动合同应当以书面形式订立。"), Paragraph("   "), Paragraph("The employer shall pay wages.")];

        var result = Chunker().Chunk(DocumentId, blocks);

        var chunk = Assert.Single(result.Chunks);
        Assert.Equal("劳动合同应当以书面形式订立。\nThe employer shall pay wages.", result.Text);
        Assert.Equal(result.Text, chunk.Text);
        Assert.Equal((0, result.Text.Length), (chunk.StartOffset, chunk.EndOffset));
        Assert.Equal(DocumentId, chunk.DocumentId);
        Assert.Equal(0, chunk.Ordinal);
        Assert.Equal(string.Empty, chunk.SectionPath);
        Assert.Null(chunk.Page);
        Assert.Equal(1, result.SkippedBlocks);
    }

    [Fact]
    public void Chunk_RawBlocks_AreNormalized()
    {
        TextBlock[] blocks = [Paragraph("\u3000\u3000本制度自２０２４年１月１日起施行，\u200B适用于全体员工。\r\n\r\n\r\n详见附件（一）。  ")];

        var result = Chunker().Chunk(DocumentId, blocks);

        Assert.Equal("本制度自2024年1月1日起施行,适用于全体员工。\n\n详见附件(一)。", result.Text);
        Assert.Equal(result.Text, Assert.Single(result.Chunks).Text);
    }

    [Fact]
    public void Chunk_NestedHeadings_SectionPathFollowsLevels()
    {
        TextBlock[] blocks =
        [
            Heading("第一章 总则", 1),
            Paragraph("第一条 为了完善劳动合同制度，制定本法。"),
            Heading("第一节 一般规定", 2),
            Paragraph("第二条 本法适用于境内的企业。"),
            Heading("一、适用范围", 3),
            Paragraph("第三条 订立劳动合同，应当遵循合法原则。"),
            Heading("第二节 劳动合同的订立", 2),
            Paragraph("第四条 用人单位应当依法建立劳动规章制度。"),
            Heading("第二章 附则", 1),
            Paragraph("第五条 本法自公布之日起施行。"),
        ];

        var chunks = Chunker().Chunk(DocumentId, blocks).Chunks;

        Assert.Equal(
            [
                "第一章 总则",
                "第一章 总则 > 第一节 一般规定",
                "第一章 总则 > 第一节 一般规定 > 一、适用范围",
                "第一章 总则 > 第二节 劳动合同的订立",
                "第二章 附则",
            ],
            chunks.Select(c => c.SectionPath));
        Assert.Equal("第二节 劳动合同的订立\n第四条 用人单位应当依法建立劳动规章制度。", chunks[3].Text);
        Assert.All(chunks, c => Assert.StartsWith(c.SectionPath.Split(" > ")[^1] + "\n", c.Text, StringComparison.Ordinal));
    }

    [Fact]
    public void Chunk_HeadingStartsNewChunkEvenWhenBudgetRemains()
    {
        TextBlock[] blocks = [Paragraph("前言。"), Heading("Scope", 2), Paragraph("This policy applies to all staff.")];

        var chunks = Chunker().Chunk(DocumentId, blocks).Chunks;

        Assert.Equal(["前言。", "Scope\nThis policy applies to all staff."], chunks.Select(c => c.Text));
        Assert.Equal(["", "Scope"], chunks.Select(c => c.SectionPath));
    }

    [Fact]
    public void Chunk_ConsecutiveHeadings_ShareOneChunk()
    {
        TextBlock[] blocks = [Heading("第一章 总则", 1), Heading("第一节 目的", 2), Paragraph("第一条 为了保护劳动者的合法权益，制定本法。")];

        var chunk = Assert.Single(Chunker().Chunk(DocumentId, blocks).Chunks);

        Assert.Equal("第一章 总则\n第一节 目的\n第一条 为了保护劳动者的合法权益,制定本法。", chunk.Text);
        Assert.Equal("第一章 总则 > 第一节 目的", chunk.SectionPath);
    }

    [Fact]
    public void Chunk_TrailingHeading_IsKeptAsItsOwnChunk()
    {
        TextBlock[] blocks = [Paragraph("正文。"), Heading("附录", 1)];

        var chunks = Chunker().Chunk(DocumentId, blocks).Chunks;

        Assert.Equal(["正文。", "附录"], chunks.Select(c => c.Text));
        Assert.Equal("附录", chunks[1].SectionPath);
    }

    [Fact]
    public void Chunk_PageChange_StartsNewChunkWithThatPage()
    {
        TextBlock[] blocks =
        [
            Paragraph("第一页第一段。", page: 1),
            Paragraph("第一页第二段。", page: 1),
            Paragraph("Page two text.", page: 2),
            Paragraph("第三页。", page: 3),
            Paragraph("还是第三页。", page: 3),
        ];

        var chunks = Chunker().Chunk(DocumentId, blocks).Chunks;

        Assert.Equal(["第一页第一段。\n第一页第二段。", "Page two text.", "第三页。\n还是第三页。"], chunks.Select(c => c.Text));
        Assert.Equal([1, 2, 3], chunks.Select(c => c.Page));
    }

    [Fact]
    public void Chunk_LongParagraph_SplitsAtSentencesWithOverlap()
    {
        var chunker = Chunker(maxTokens: 64, overlapTokens: 20);
        string paragraph = string.Concat(Enumerable.Range(0, 30).Select(i => ChineseSentences[i % ChineseSentences.Length]));

        var result = chunker.Chunk(DocumentId, [Paragraph(paragraph)]);
        var chunks = result.Chunks;

        Assert.True(chunks.Count > 5);
        int overlapping = 0;
        for (int i = 1; i < chunks.Count; i++)
        {
            var previous = chunks[i - 1];
            var current = chunks[i];
            Assert.True(current.StartOffset > previous.StartOffset);
            if (current.StartOffset >= previous.EndOffset)
            {
                continue;
            }

            overlapping++;
            string overlap = result.Text[current.StartOffset..previous.EndOffset];
            Assert.EndsWith(overlap, previous.Text, StringComparison.Ordinal);
            Assert.StartsWith(overlap, current.Text, StringComparison.Ordinal);
            Assert.InRange(TokenEstimator.Count(overlap), 1, 20);
            Assert.Contains(result.Text[current.StartOffset - 1], "。?!;”");
        }

        Assert.True(overlapping >= chunks.Count / 2, $"only {overlapping} of {chunks.Count} chunks overlap");
        Assert.All(chunks, c => Assert.InRange(TokenEstimator.Count(c.Text), 1, 64));
        Assert.All(chunks, c => Assert.Contains(c.Text[^1], "。?!;”"));
        AssertCoversAllText(result);
    }

    [Fact]
    public void Chunk_OverlapZero_ChunksDoNotOverlap()
    {
        string paragraph = string.Join(' ', Enumerable.Range(0, 40).Select(i => EnglishSentences[i % EnglishSentences.Length]));

        var result = Chunker(maxTokens: 64, overlapTokens: 0).Chunk(DocumentId, [Paragraph(paragraph)]);

        Assert.True(result.Chunks.Count > 3);
        for (int i = 1; i < result.Chunks.Count; i++)
        {
            Assert.True(result.Chunks[i].StartOffset > result.Chunks[i - 1].EndOffset);
        }

        Assert.DoesNotContain(result.Chunks, c => c.Text.EndsWith("Dr.", StringComparison.Ordinal) || c.Text.EndsWith("U.S.", StringComparison.Ordinal));
        AssertCoversAllText(result);
    }

    [Fact]
    public void Chunk_BlocksThatFitAlone_AreNeverSplit()
    {
        var blocks = Enumerable.Range(0, 20)
            .Select(i => Paragraph($"第{i + 1}条 " + ChineseSentences[i % ChineseSentences.Length] + ChineseSentences[(i + 3) % ChineseSentences.Length]))
            .ToArray();
        var chunker = Chunker(maxTokens: 100, overlapTokens: 0);

        var result = chunker.Chunk(DocumentId, blocks);

        string[] normalized = [.. blocks.Select(b => TextNormalizer.Normalize(b.Text))];
        Assert.True(result.Chunks.Count > 3);
        foreach (var chunk in result.Chunks)
        {
            // Every chunk is a run of whole blocks.
            var parts = chunk.Text.Split('\n');
            Assert.All(parts, p => Assert.Contains(p, normalized));
            Assert.InRange(TokenEstimator.Count(chunk.Text), 1, 100);
        }

        Assert.Equal(result.Text, string.Join('\n', result.Chunks.Select(c => c.Text)));
    }

    [Fact]
    public void Chunk_FullChunkBetweenBlocks_NextStartsWithLastSentencesOfPrevious()
    {
        TextBlock[] blocks =
        [
            Paragraph(string.Concat(ChineseSentences[0], ChineseSentences[2], ChineseSentences[1])),
            Paragraph(string.Concat(ChineseSentences[3], ChineseSentences[0], ChineseSentences[2])),
        ];

        var result = Chunker(maxTokens: 120, overlapTokens: 20).Chunk(DocumentId, blocks);

        // 75 + 93 tokens do not fit 120; the last sentence of the first block (14 tokens) is repeated.
        Assert.Equal(2, result.Chunks.Count);
        Assert.Equal("劳动合同应当以书面形式订立。\n" + TextNormalizer.Normalize(blocks[1].Text), result.Chunks[1].Text);
    }

    [Fact]
    public void Chunk_HugeParagraphWithoutPunctuation_HardSplitsAndLosesNothing()
    {
        var builder = new StringBuilder();
        for (int i = 0; i < 20_000; i++)
        {
            builder.Append((char)('\u4E00' + (i * 7 % 20_000)));
        }

        string paragraph = builder.ToString();
        var result = Chunker().Chunk(DocumentId, [Heading("附件", 1), Paragraph(paragraph)]);
        var chunks = result.Chunks;

        // The heading's chunk is filled up with the start of the paragraph; the rest is cut every 512 tokens.
        Assert.Equal(40, chunks.Count);
        Assert.StartsWith("附件\n", chunks[0].Text, StringComparison.Ordinal);
        Assert.Equal("附件\n" + paragraph, string.Concat(chunks.Select(c => c.Text)));
        Assert.All(chunks.SkipLast(1), c => Assert.Equal(512, TokenEstimator.Count(c.Text)));
        Assert.All(chunks, c => Assert.Equal("附件", c.SectionPath));
        for (int i = 1; i < chunks.Count; i++)
        {
            Assert.Equal(chunks[i - 1].EndOffset, chunks[i].StartOffset);
        }

        AssertOffsetsRoundTrip(result);
        AssertCoversAllText(result);
    }

    [Fact]
    public void Chunk_HugeEnglishSentence_CutsAtSpaces()
    {
        string paragraph = string.Join(' ', Enumerable.Range(0, 3_000).Select(i => $"word{i}"));

        var result = Chunker(maxTokens: 64, overlapTokens: 8).Chunk(DocumentId, [Paragraph(paragraph)]);

        Assert.True(result.Chunks.Count > 10);
        Assert.All(result.Chunks, c => Assert.Matches(@"^word\d+( word\d+)*$", c.Text));
        Assert.Equal(paragraph, string.Join(' ', result.Chunks.Select(c => c.Text)));
        AssertOffsetsRoundTrip(result);
    }

    [Fact]
    public void Chunk_OffsetsRoundTrip_ForMixedDocument()
    {
        TextBlock[] blocks =
        [
            Heading("员工手册 Employee Handbook", 1, page: 1),
            Paragraph(string.Join(' ', EnglishSentences), page: 1),
            Paragraph(string.Concat(ChineseSentences), page: 1),
            Heading("第二章　考勤", 2, page: 2),
            new TextBlock(BlockKind.ListItem, "1. 上班时间：９：００—１８：００。", Page: 2),
            new TextBlock(BlockKind.TableRow, "假期 | 天数 | 备注", Page: 2),
            new TextBlock(BlockKind.Code, "if (late)\r\n    Warn();", Page: 2),
        ];

        var result = Chunker(maxTokens: 64, overlapTokens: 16).Chunk(DocumentId, blocks);

        AssertOffsetsRoundTrip(result);
        AssertCoversAllText(result);
        Assert.Equal(Enumerable.Range(0, result.Chunks.Count), result.Chunks.Select(c => c.Ordinal));
        Assert.Equal("员工手册 Employee Handbook > 第二章 考勤", result.Chunks[^1].SectionPath);
        Assert.Contains("上班时间:9:00—18:00。", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_RandomDocuments_KeepAllInvariants()
    {
        const int Seed = 424242;
        var random = new Random(Seed);
        for (int round = 0; round < 150; round++)
        {
            int maxTokens = random.Next(ChunkingOptions.MinMaxTokens, 300);
            int overlapTokens = random.Next(0, Math.Min(maxTokens, 80));
            var blocks = RandomBlocks(random);
            string context = $"seed {Seed}, round {round}, max {maxTokens}, overlap {overlapTokens}";

            var result = Chunker(maxTokens, overlapTokens).Chunk(DocumentId, blocks);

            CheckInvariants(blocks, result, maxTokens, overlapTokens, context);
        }
    }

    [Fact]
    public void Chunk_TwelveThousandStatuteArticles_IsFastAndComplete()
    {
        var blocks = new List<TextBlock>();
        for (int article = 1; article <= 12_000; article++)
        {
            if (article % 100 == 1)
            {
                blocks.Add(Heading($"第{(article / 100) + 1}章", 1));
            }

            blocks.Add(Paragraph($"第{article}条　" + ChineseSentences[article % ChineseSentences.Length] + ChineseSentences[(article + 1) % ChineseSentences.Length]));
        }

        var watch = Stopwatch.StartNew();
        var result = Chunker().Chunk(DocumentId, blocks);
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(10), $"took {watch.Elapsed}");
        CheckInvariants(blocks, result, 512, 64, "statutes");
        Assert.Equal(120, result.Chunks.Select(c => c.SectionPath).Distinct().Count());
    }

    [Fact]
    public void Chunk_MultiMegabyteSingleBlock_IsLinear()
    {
        var builder = new StringBuilder();
        int i = 0;
        while (builder.Length < 3_000_000)
        {
            builder.Append(i % 3 == 0 ? EnglishSentences[i % EnglishSentences.Length] + " " : ChineseSentences[i % ChineseSentences.Length]);
            i++;
        }

        TextBlock[] blocks = [Paragraph(builder.ToString())];
        var watch = Stopwatch.StartNew();
        var result = Chunker().Chunk(DocumentId, blocks);
        watch.Stop();

        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(15), $"took {watch.Elapsed}");
        CheckInvariants(blocks, result, 512, 64, "multi-megabyte");
    }

    [Fact]
    public void Chunk_BlankDocumentId_Throws()
    {
        Assert.Throws<ArgumentException>(() => Chunker().Chunk(" ", [Paragraph("text")]));
    }

    [Fact]
    public void Chunk_NullBlock_ThrowsNamingIndex()
    {
        var error = Assert.Throws<ArgumentException>(() => Chunker().Chunk(DocumentId, [Paragraph("text"), null!]));

        Assert.Contains("blocks[1]", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Chunk_SameInput_GivesSameChunks()
    {
        TextBlock[] blocks = [Heading("标题", 1), Paragraph(string.Concat(Enumerable.Repeat(ChineseSentences[0], 30)))];

        var first = Chunker().Chunk(DocumentId, blocks);
        var second = Chunker().Chunk(DocumentId, blocks);

        Assert.Equal(first.Chunks, second.Chunks);
    }

    private static StructuredChunker Chunker(int maxTokens = 512, int overlapTokens = 64) =>
        new(new ChunkingOptions { MaxTokens = maxTokens, OverlapTokens = overlapTokens });

    private static TextBlock Paragraph(string text, int? page = null) => new(BlockKind.Paragraph, text, Page: page);

    private static TextBlock Heading(string text, int level, int? page = null) => new(BlockKind.Heading, text, level, page);

    private static List<TextBlock> RandomBlocks(Random random)
    {
        var blocks = new List<TextBlock>();
        int? page = random.Next(2) == 0 ? null : 1;
        int count = random.Next(0, 25);
        for (int b = 0; b < count; b++)
        {
            if (page is not null && random.Next(6) == 0)
            {
                page++;
            }

            int kind = random.Next(10);
            if (kind == 0)
            {
                blocks.Add(Heading($"第{b}节 标题{random.Next(100)}", random.Next(1, 4), page));
                continue;
            }

            if (kind == 1)
            {
                blocks.Add(Paragraph(random.Next(2) == 0 ? "\u3000 \r\n" : string.Empty, page));
                continue;
            }

            var text = new StringBuilder();
            int sentences = random.Next(1, random.Next(3) == 0 ? 60 : 6);
            for (int s = 0; s < sentences; s++)
            {
                switch (random.Next(5))
                {
                    case 0:
                        text.Append(EnglishSentences[random.Next(EnglishSentences.Length)]).Append(' ');
                        break;
                    case 1:
                        text.Append(new string('长', random.Next(1, 400)));
                        break;
                    default:
                        text.Append(ChineseSentences[random.Next(ChineseSentences.Length)]);
                        break;
                }

                if (random.Next(10) == 0)
                {
                    text.Append("\r\n");
                }
            }

            blocks.Add(Paragraph(text.ToString(), page));
        }

        return blocks;
    }

    /// <summary>Everything the chunker promises, checked against an independent computation from the blocks.</summary>
    private static void CheckInvariants(IReadOnlyList<TextBlock> blocks, ChunkedDocument result, int maxTokens, int overlapTokens, string context)
    {
        // The extracted text is the normalised non-blank blocks joined with "\n".
        var ranges = new List<(int Start, int End, TextBlock Block)>();
        var expected = new StringBuilder();
        foreach (var block in blocks)
        {
            string normalized = TextNormalizer.Normalize(block.Text);
            if (normalized.Length == 0)
            {
                continue;
            }

            if (expected.Length > 0)
            {
                expected.Append('\n');
            }

            ranges.Add((expected.Length, expected.Length + normalized.Length, block));
            expected.Append(normalized);
        }

        Assert.True(expected.ToString() == result.Text, context);
        Assert.Equal(blocks.Count - ranges.Count, result.SkippedBlocks);
        if (ranges.Count == 0)
        {
            Assert.Empty(result.Chunks);
            return;
        }

        AssertOffsetsRoundTrip(result);
        AssertCoversAllText(result);
        var chunks = result.Chunks;
        for (int i = 0; i < chunks.Count; i++)
        {
            var chunk = chunks[i];
            Assert.True(chunk.Ordinal == i, context);
            Assert.True(chunk.DocumentId == DocumentId, context);
            Assert.True(TokenEstimator.Count(chunk.Text) <= maxTokens, $"{context}: chunk {i} over budget");
            Assert.True(chunk.Text.Trim().Length == chunk.Text.Length && chunk.Text.Length > 0, $"{context}: chunk {i} untrimmed or empty");

            // One page per chunk, and no heading after content inside a chunk.
            bool seenContent = false;
            foreach (var range in ranges.Where(r => r.Start < chunk.EndOffset && r.End > chunk.StartOffset))
            {
                Assert.True(range.Block.Page == chunk.Page, $"{context}: chunk {i} spans pages");
                if (range.Block.Kind == BlockKind.Heading)
                {
                    Assert.False(seenContent, $"{context}: chunk {i} has a heading after content");
                }
                else
                {
                    seenContent = true;
                }
            }

            if (i > 0)
            {
                var previous = chunks[i - 1];
                Assert.True(chunk.StartOffset > previous.StartOffset && chunk.EndOffset > previous.EndOffset, $"{context}: chunk {i} not after {i - 1}");
                if (chunk.StartOffset < previous.EndOffset)
                {
                    string overlap = result.Text[chunk.StartOffset..previous.EndOffset];
                    Assert.True(TokenEstimator.Count(overlap) <= overlapTokens, $"{context}: overlap of chunk {i} too long");
                    Assert.True(previous.Page == chunk.Page, $"{context}: overlap across pages");
                    Assert.DoesNotContain(ranges, r => r.Block.Kind == BlockKind.Heading && r.Start < previous.EndOffset && r.End > chunk.StartOffset);
                }
            }
        }
    }

    private static void AssertOffsetsRoundTrip(ChunkedDocument result)
    {
        foreach (var chunk in result.Chunks)
        {
            Assert.Equal(chunk.Text, result.Text[chunk.StartOffset..chunk.EndOffset]);
        }
    }

    /// <summary>Chunk texts minus overlaps, concatenated, hold every non-whitespace character of the text in order.</summary>
    private static void AssertCoversAllText(ChunkedDocument result)
    {
        var covered = new StringBuilder();
        int previousEnd = 0;
        foreach (var chunk in result.Chunks)
        {
            int from = Math.Max(chunk.StartOffset, previousEnd);
            covered.Append(chunk.Text.AsSpan(from - chunk.StartOffset));
            previousEnd = chunk.EndOffset;
        }

        Assert.Equal(WithoutWhitespace(result.Text), WithoutWhitespace(covered.ToString()));
    }

    private static string WithoutWhitespace(string text) => string.Concat(text.Where(c => !char.IsWhiteSpace(c)));
}
