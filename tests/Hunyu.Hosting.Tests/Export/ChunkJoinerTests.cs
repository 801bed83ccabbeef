using Hunyu.Core.Knowledge;
using Hunyu.Hosting.Export;

namespace Hunyu.Hosting.Tests.Export;

/// <summary>Rebuilding a document's text from overlapping, touching and missing chunks.</summary>
public sealed class ChunkJoinerTests
{
    private const string Source = "甲乙丙。丁戊己。庚辛壬。\n癸子丑。";

    [Fact]
    public void Join_OverlappingChunks_WritesTheOverlapOnce()
    {
        var chunks = new[] { Cut(0, 0, 8), Cut(1, 4, 12), Cut(2, 13, 17) };

        var (text, pieces) = ChunkJoiner.Join(chunks);

        Assert.Equal(Source, text);
        Assert.Equal([(0, 8), (8, 12), (13, 17)], pieces.Select(p => (p.Start, p.End)));
        Assert.Equal("d:1", pieces[1].Citation);
    }

    [Fact]
    public void Join_AChunkInsideThePreviousOne_AddsNothing()
    {
        var (text, pieces) = ChunkJoiner.Join([Cut(0, 0, 12), Cut(1, 4, 8)]);

        Assert.Equal(Source[..12], text);
        Assert.Single(pieces);
    }

    [Fact]
    public void Join_AWithheldChunk_LeavesOneLineBreakForTheGap()
    {
        var (text, _) = ChunkJoiner.Join([Cut(0, 0, 4), Cut(2, 8, 12)]);

        Assert.Equal("甲乙丙。\n庚辛壬。", text);
    }

    [Fact]
    public void Join_OffsetsThatDoNotMatchTheText_JoinsWholeChunksRatherThanCutting()
    {
        var changed = new Chunk("d", 1, "丁戊己。庚辛壬。!!", string.Empty, null, 4, 12);

        var (text, _) = ChunkJoiner.Join([Cut(0, 0, 8), changed]);

        Assert.Equal("甲乙丙。丁戊己。\n丁戊己。庚辛壬。!!", text);
    }

    [Fact]
    public void Join_NoChunks_IsEmpty()
    {
        var (text, pieces) = ChunkJoiner.Join([]);

        Assert.Empty(text);
        Assert.Empty(pieces);
    }

    private static Chunk Cut(int ordinal, int start, int end) => new("d", ordinal, Source[start..end], string.Empty, null, start, end);
}
