using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Parsing;

public sealed class TextDecoderTests
{
    // Tests build legacy-encoded input themselves, in whatever order they run.
    static TextDecoderTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    private const string Simplified = "年假按工龄计算：工作满一年不满十年的，年休假五天；病假需要提供医院证明。";
    private const string Traditional = "特別休假依年資計算：服務滿一年者，每年給予七日特別休假；病假須檢附醫院證明。";

    [Fact]
    public void Decode_Utf8WithoutBom_ReturnsUtf8()
    {
        var result = TextDecoder.Decode(Encoding.UTF8.GetBytes(Simplified), "a.txt");

        Assert.Equal(Simplified, result.Text);
        Assert.Equal("utf-8", result.EncodingName);
        Assert.False(result.HasInvalidBytes);
    }

    [Theory]
    [InlineData("utf-8", new byte[] { 0xEF, 0xBB, 0xBF })]
    [InlineData("utf-16le", new byte[] { 0xFF, 0xFE })]
    [InlineData("utf-16be", new byte[] { 0xFE, 0xFF })]
    [InlineData("utf-32le", new byte[] { 0xFF, 0xFE, 0x00, 0x00 })]
    public void Decode_WithBom_UsesBomAndStripsIt(string expected, byte[] bom)
    {
        Encoding encoding = expected switch
        {
            "utf-8" => new UTF8Encoding(false),
            "utf-16le" => new UnicodeEncoding(false, false),
            "utf-16be" => new UnicodeEncoding(true, false),
            _ => new UTF32Encoding(false, false),
        };
        var bytes = bom.Concat(encoding.GetBytes("报销流程 v2\n")).ToArray();

        var result = TextDecoder.Decode(bytes, "a.txt");

        Assert.Equal(expected, result.EncodingName);
        Assert.Equal("报销流程 v2\n", result.Text);
    }

    [Fact]
    public void Decode_Utf16LeWithoutBom_IsRecognisedNotBinary()
    {
        var bytes = new UnicodeEncoding(false, false).GetBytes("Meeting notes 会议纪要\r\nAction items\r\n");

        var result = TextDecoder.Decode(bytes, "notes.txt");

        Assert.Equal("utf-16le", result.EncodingName);
        Assert.Equal("Meeting notes 会议纪要\r\nAction items\r\n", result.Text);
    }

    [Fact]
    public void Decode_ChineseUtf16LeWithoutBom_IsRecognisedDespiteZeroLowBytes()
    {
        // 一 is U+4E00: its low byte is 0, so a few NULs sit on the "wrong" side.
        var bytes = new UnicodeEncoding(false, false).GetBytes("第一条 一般规定\r\n一、总则：本制度适用于全体员工。\r\n二、年假：工作满一年可休五天。\r\n");

        var result = TextDecoder.Decode(bytes, "rules.txt");

        Assert.Equal("utf-16le", result.EncodingName);
        Assert.StartsWith("第一条 一般规定", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("报销")]
    [InlineData("会议纪要")]
    [InlineData("员工休假制度")]
    [InlineData("报销流程说明")]
    [InlineData("第三条")]
    [InlineData(Simplified)]
    public void Decode_GbkBytes_DetectsGb18030EvenWhenShort(string text)
    {
        var result = TextDecoder.Decode(Fixtures.Gbk.GetBytes(text), "a.txt");

        Assert.Equal("gb18030", result.EncodingName);
        Assert.Equal(text, result.Text);
    }

    [Theory]
    [InlineData("医院")]
    [InlineData("医院证明")]
    public void Decode_GbkBytesThatAreAlsoValidUtf8_DetectsGb18030(string text)
    {
        // 医院 in GBK (D2 BD D4 BA) is valid UTF-8 for "ҽԺ" (Cyrillic + Armenian).
        var bytes = Fixtures.Gbk.GetBytes(text);

        var result = TextDecoder.Decode(bytes, "a.txt");

        Assert.Equal(text, result.Text);
    }

    [Theory]
    [InlineData("вода")]
    [InlineData("café")]
    [InlineData("νερό")]
    [InlineData("Müller-Straße 5")]
    public void Decode_ShortUtf8InOneScript_StaysUtf8(string text)
    {
        var result = TextDecoder.Decode(Encoding.UTF8.GetBytes(text), "a.txt");

        Assert.Equal("utf-8", result.EncodingName);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Decode_Gb18030FourByteCharacters_DecodesThem()
    {
        // 䲜 (U+4C9C, extension A) and 𠀀 (U+20000, extension B) only exist as four-byte sequences in GB18030.
        const string text = "生僻字䲜和𠀀也要保留，其余为常用字。";
        var bytes = Fixtures.Gb18030.GetBytes(text);

        var result = TextDecoder.Decode(bytes, "a.txt");

        Assert.Equal("gb18030", result.EncodingName);
        Assert.Equal(text, result.Text);
    }

    [Theory]
    [InlineData("請假規定")]
    [InlineData("員工請假規定")]
    [InlineData(Traditional)]
    public void Decode_Big5Bytes_DetectsBig5(string text)
    {
        var result = TextDecoder.Decode(Fixtures.Big5.GetBytes(text), "a.txt");

        Assert.Equal("big5", result.EncodingName);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Decode_EverySliceOfGbkSentences_IsDecodedCorrectly()
    {
        // Slices of 2 to 12 characters at every offset: the short inputs where UTF.Unknown fails (see TextDecoder remarks).
        string[] sentences = [Simplified, "中华人民共和国民法典第一条：为了保护民事主体的合法权益，调整民事关系。", "公司内网首页的新闻中心每周更新一次。"];
        var failures = new List<string>();
        foreach (var sentence in sentences)
        {
            for (var length = 2; length <= 12; length++)
            {
                for (var start = 0; start + length <= sentence.Length; start++)
                {
                    var slice = sentence.Substring(start, length);
                    var result = TextDecoder.Decode(Fixtures.Gbk.GetBytes(slice), "a.txt");
                    if (result.Text != slice)
                    {
                        failures.Add($"{slice} -> {result.EncodingName}");
                    }
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Decode_EverySliceOfBig5Sentence_OfAtLeastFourCharacters_IsDecodedCorrectly()
    {
        var failures = new List<string>();
        for (var length = 4; length <= 12; length++)
        {
            for (var start = 0; start + length <= Traditional.Length; start++)
            {
                var slice = Traditional.Substring(start, length);
                var result = TextDecoder.Decode(Fixtures.Big5.GetBytes(slice), "a.txt");
                if (result.Text != slice)
                {
                    failures.Add($"{slice} -> {result.EncodingName}");
                }
            }
        }

        Assert.Empty(failures);
    }

    [Fact]
    public void Decode_DeclaredEncodingValid_IsUsed()
    {
        // Shift_JIS bytes: declared by the page, so the Chinese scoring is not consulted.
        var shiftJis = Encoding.GetEncoding("shift_jis");
        const string text = "会議の議事録です。";

        var result = TextDecoder.Decode(shiftJis.GetBytes(text), "page.html", shiftJis);

        Assert.Equal(text, result.Text);
        Assert.Equal("shift_jis", result.EncodingName);
    }

    [Fact]
    public void Decode_GbkDeclaredAsLatin1_ReadsChinese()
    {
        var bytes = Fixtures.Gbk.GetBytes(Simplified);

        var result = TextDecoder.Decode(bytes, "old-site.html", Encoding.Latin1);

        Assert.Equal("gb18030", result.EncodingName);
        Assert.Equal(Simplified, result.Text);
    }

    [Fact]
    public void Decode_EucKrKorean_IsNotMistakenForChinese()
    {
        // Hangul rows of EUC-KR coincide with GB2312 level-1 hanzi; word spaces and an all-hangul reading tell them apart.
        const string text = "회의록을 공유합니다. 다음 주 월요일까지 확인해 주세요.";

        var result = TextDecoder.Decode(Encoding.GetEncoding("euc-kr").GetBytes(text), "a.txt");

        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Decode_ShiftJisJapanese_IsNotMistakenForChinese()
    {
        const string text = "会議の議事録を共有します。来週の月曜日までに確認してください。";

        var result = TextDecoder.Decode(Encoding.GetEncoding("shift_jis").GetBytes(text), "a.txt");

        Assert.Equal("shift_jis", result.EncodingName);
        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Decode_GbkCutInsideLastCharacter_KeepsChineseAndFlagsLoss()
    {
        var bytes = Fixtures.Gbk.GetBytes("员工休假制度：年假按工龄计算。");

        var result = TextDecoder.Decode(bytes.AsSpan(0, bytes.Length - 1), "cut.txt");

        Assert.Equal("gb18030", result.EncodingName);
        Assert.StartsWith("员工休假制度：年假按工龄计算", result.Text, StringComparison.Ordinal);
        Assert.True(result.HasInvalidBytes);
    }

    [Fact]
    public void Decode_Windows1252Text_FallsBackToDetector()
    {
        const string text = "Café crème brûlée, déjà vu — naïve façade; the résumé was reviewed by the committee on Tuesday.";
        var bytes = Encoding.GetEncoding(1252).GetBytes(text);

        var result = TextDecoder.Decode(bytes, "menu.txt");

        Assert.Equal(text, result.Text);
    }

    [Fact]
    public void Decode_BytesWithNul_ThrowsCorruptInputNamingFile()
    {
        byte[] bytes = [0x89, 0x50, 0x4E, 0x47, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52, 0x00, 0x01];

        var ex = Assert.Throws<HunyuException>(() => TextDecoder.Decode(bytes, "photo.txt"));

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.Equal("photo.txt: looks binary, not text", ex.Message);
    }

    [Fact]
    public void Decode_ControlCharactersWithoutNul_ThrowsCorruptInput()
    {
        var bytes = Enumerable.Range(0, 400).Select(i => (byte)(i % 3 == 0 ? 0x01 + (i % 7) : 0x41 + (i % 26))).ToArray();

        var ex = Assert.Throws<HunyuException>(() => TextDecoder.Decode(bytes, "dump.log"));

        Assert.Equal(ErrorCode.CorruptInput, ex.Error);
        Assert.StartsWith("dump.log: ", ex.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_EmptyBytes_ReturnsEmptyText()
    {
        var result = TextDecoder.Decode([], "empty.txt");

        Assert.Equal(string.Empty, result.Text);
    }

    [Fact]
    public void Decode_InvalidBytesAfterSample_KeepsTextAndFlagsThem()
    {
        var valid = Encoding.UTF8.GetBytes(new string('字', TextDecoder.SampleBytes / 3 + 10));
        var bytes = valid.Concat(new byte[] { 0xFF }).Concat(Encoding.UTF8.GetBytes("结尾")).ToArray();

        var result = TextDecoder.Decode(bytes, "long.txt");

        Assert.Equal("utf-8", result.EncodingName);
        Assert.True(result.HasInvalidBytes);
        Assert.EndsWith("\uFFFD结尾", result.Text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("GBK")]
    [InlineData("utf-8")]
    public void OpenReader_CharacterAcrossSampleBoundary_ReadsWholeTextUnchanged(string encodingName)
    {
        var encoding = encodingName == "GBK" ? Fixtures.Gbk : new UTF8Encoding(false);
        // An odd ASCII prefix puts a multi-byte character across the 64 KB sample boundary.
        var text = "x" + string.Concat(Enumerable.Repeat("年假按工龄计算，病假需要证明。\n", 5000));
        using var stream = new MemoryStream(encoding.GetBytes(text));

        using var reader = TextDecoder.OpenReader(stream, "big.txt", out var name);

        Assert.Equal(encodingName == "GBK" ? "gb18030" : "utf-8", name);
        Assert.Equal(text, reader.ReadToEnd());
    }

    [Fact]
    public void GetEncoding_Gb2312Label_ResolvesToGb18030Superset()
    {
        Assert.Equal(54936, TextDecoder.GetEncoding("gb2312")!.CodePage);
        Assert.Equal(54936, TextDecoder.GetEncoding("GBK")!.CodePage);
        Assert.Equal(950, TextDecoder.GetEncoding("big5")!.CodePage);
        Assert.Null(TextDecoder.GetEncoding("no-such-charset"));
    }
}
