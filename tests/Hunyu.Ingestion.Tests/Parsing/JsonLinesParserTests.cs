using System.Diagnostics;
using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class JsonLinesParserTests
{
    private readonly JsonLinesParser _parser = new();

    [Fact]
    public void Parse_BeirCorpus_GivesOneDocumentPerLine()
    {
        using var stream = Fixtures.Open("beir-corpus.jsonl");

        var documents = _parser.Parse(stream, "corpus.jsonl").ToList();

        Assert.Equal(["民法典#1", "民法典#2", "民法典#3"], documents.Select(document => document.RecordKey));
        var first = documents[0];
        Assert.Equal("中华人民共和国民法典 第一条", first.Title);
        Assert.Equal(
            [new TextBlock(BlockKind.Paragraph, "为了保护民事主体的合法权益，调整民事关系，维护社会和经济秩序，适应中国特色社会主义发展要求，弘扬社会主义核心价值观，根据宪法，制定本法。")],
            first.Blocks);
        Assert.Empty(first.Metadata);
    }

    [Fact]
    public void Parse_OneBadLine_YieldsGoodRecordsThenThrowsPartialFailure()
    {
        using var stream = Fixtures.Open("bad-line.jsonl");
        var read = new List<string?>();

        var ex = Assert.Throws<HunyuException>(() =>
        {
            foreach (var document in _parser.Parse(stream, "bad-line.jsonl"))
            {
                read.Add(document.RecordKey);
            }
        });

        Assert.Equal(["民法典#1", "民法典#2", "民法典#3"], read);
        Assert.Equal(ErrorCode.PartialFailure, ex.Error);
        Assert.StartsWith("bad-line.jsonl: 3 records read, 1 problem: line 3: invalid JSON: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_OneBadLineWithProblemList_ReportsItAndEndsNormally()
    {
        using var stream = Fixtures.Open("bad-line.jsonl");
        var problems = new List<ParseProblem>();

        var documents = _parser.Parse(stream, "bad-line.jsonl", problems).ToList();

        Assert.Equal(3, documents.Count);
        var problem = Assert.Single(problems);
        Assert.Equal("line 3", problem.Location);
        Assert.Equal(ErrorCode.CorruptInput, problem.Error);
        Assert.StartsWith("bad-line.jsonl: line 3: invalid JSON: ", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_EveryLineBad_ThrowsCorruptInput()
    {
        using var stream = Fixtures.Utf8("not json\n[1, 2]\n");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "junk.jsonl").ToList());

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.Contains("line 2: is an array, not an object", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_RecordWithoutIdOrTitle_UsesLineNumber()
    {
        using var stream = Fixtures.Utf8("\n{\"content\": \"第二行的内容\", \"source\": \"wiki\"}\n");

        var document = Assert.Single(_parser.Parse(stream, "data/notes.ndjson"));

        Assert.Equal("2", document.RecordKey);
        Assert.Equal("notes.ndjson line 2", document.Title);
        Assert.Equal("wiki", document.Metadata["source"]);
        Assert.Equal("第二行的内容", Assert.Single(document.Blocks).Text);
    }

    [Fact]
    public void Parse_EmptyFile_ThrowsEmptyInput()
    {
        using var stream = Fixtures.Open("empty.txt");

        var ex = Assert.Throws<HunyuException>(() => _parser.Parse(stream, "empty.jsonl").ToList());

        Assert.Equal(ErrorCode.EmptyInput, ex.Error);
        Assert.StartsWith("empty.jsonl: contains no text", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Parse_SixMegabytes_StreamsFastWithoutReadingAhead()
    {
        using var folder = new TempFolder();
        var path = Path.Combine(folder.FullPath, "big.jsonl");
        using (var writer = new StreamWriter(path, append: false, new UTF8Encoding(false)))
        {
            var text = string.Concat(Enumerable.Repeat("民事主体从事民事活动，应当遵循诚信原则，秉持诚实，恪守承诺。", 4));
            for (var i = 1; i <= 12_000; i++)
            {
                writer.WriteLine($$"""{"id": "doc#{{i}}", "title": "第{{i}}条", "text": "{{text}}", "source": "stard"}""");
            }
        }

        Assert.InRange(new FileInfo(path).Length, 5_000_000, 8_000_000);
        using var file = new CountingStream(File.OpenRead(path));
        var stopwatch = Stopwatch.StartNew();
        using var records = _parser.Parse(file, "big.jsonl").GetEnumerator();

        Assert.True(records.MoveNext());
        var readForFirst = file.BytesRead;
        var count = 1;
        while (records.MoveNext())
        {
            count++;
        }

        stopwatch.Stop();
        Assert.Equal(12_000, count);
        Assert.True(readForFirst < 256 * 1024, $"read {readForFirst:N0} bytes before the first record; the parser must stream");
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
    }

    [Fact]
    public void Parse_MoreLinesThanLimit_YieldsLimitThenTooLarge()
    {
        var parser = new JsonLinesParser(maxRecords: 2);
        using var stream = Fixtures.Open("beir-corpus.jsonl");
        var read = 0;

        var ex = Assert.Throws<HunyuException>(() =>
        {
            foreach (var unused in parser.Parse(stream, "corpus.jsonl"))
            {
                read++;
            }
        });

        Assert.Equal(2, read);
        Assert.Equal(ErrorCode.TooLarge, ex.Error);
        Assert.Equal("corpus.jsonl: 2 records read, 1 problem: record 3: not read, nor any after it: limit is 2 records per file (IngestionLimits.MaxRecordsPerFile)", ex.Message);
    }

    /// <summary>Counts the bytes read through it, to prove streaming.</summary>
    private sealed class CountingStream(Stream inner) : Stream
    {
        public long BytesRead { get; private set; }

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => throw new NotSupportedException();
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var n = inner.Read(buffer, offset, count);
            BytesRead += n;
            return n;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
