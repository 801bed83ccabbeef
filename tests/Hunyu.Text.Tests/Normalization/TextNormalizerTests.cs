using System.Text;
using Hunyu.Text.Normalization;

namespace Hunyu.Text.Tests.Normalization;

public sealed class TextNormalizerTests
{
    [Fact]
    public void Normalize_AlreadyNormalAsciiAndChinese_ReturnsSameInstance()
    {
        string text = "第一条 为了规范劳动合同,制定本法。\nThe Labor Contract Law applies.\n\n第二条 本法自公布之日起施行。";

        string result = TextNormalizer.Normalize(text);

        Assert.Same(text, result);
    }

    [Fact]
    public void Normalize_FullWidthDigitsAndLetters_FoldsToHalfWidth()
    {
        Assert.Equal("2024年发布GPT-4版本", TextNormalizer.Normalize("２０２４年发布ＧＰＴ－４版本"));
    }

    [Fact]
    public void Normalize_ChineseFullWidthPunctuation_BecomesAsciiButIdeographicStopStays()
    {
        string result = TextNormalizer.Normalize("注意：合同（书面）是否有效？是的！第一；第二，第三。「引用」、《法》");

        Assert.Equal("注意:合同(书面)是否有效?是的!第一;第二,第三。「引用」、《法》", result);
    }

    [Fact]
    public void Normalize_Ellipsis_BecomesThreeDots()
    {
        Assert.Equal("他说......然后走了", TextNormalizer.Normalize("他说……然后走了"));
    }

    [Fact]
    public void Normalize_IdeographicAndNoBreakSpaces_BecomeOnePlainSpace()
    {
        Assert.Equal("甲方 乙方 丙方 end", TextNormalizer.Normalize("甲方\u3000乙方\u00A0\u3000丙方\u2003end"));
    }

    [Fact]
    public void Normalize_IndentedChineseParagraph_DropsLeadingIdeographicSpaces()
    {
        Assert.Equal("第一段。\n第二段。", TextNormalizer.Normalize("\u3000\u3000第一段。\n\u3000\u3000第二段。"));
    }

    [Fact]
    public void Normalize_ZeroWidthCharacters_AreRemoved()
    {
        Assert.Equal("劳动合同法", TextNormalizer.Normalize("\uFEFF劳\u200B动\u200C合\u200D同\u2060法"));
    }

    [Fact]
    public void Normalize_SoftHyphen_IsRemoved()
    {
        Assert.Equal("information", TextNormalizer.Normalize("infor\u00ADmation"));
    }

    [Fact]
    public void Normalize_CrLfAndLoneCr_BecomeLf()
    {
        Assert.Equal("line one\nline two\nline three", TextNormalizer.Normalize("line one\r\nline two\rline three\r\n"));
    }

    [Fact]
    public void Normalize_ControlCharacters_AreRemovedExceptTabAndNewline()
    {
        Assert.Equal("ab\tc\nd", TextNormalizer.Normalize("a\u0000b\u0007\tc\u001B\nd\u007F\u0090"));
    }

    [Fact]
    public void Normalize_LineBreakingControls_BecomeNewlinesNotGlue()
    {
        Assert.Equal("page one\npage two\nthree\nfour", TextNormalizer.Normalize("page one\fpage two\u2028three\u0085four"));
    }

    [Fact]
    public void Normalize_RunsOfSpacesAndTabs_CollapseToOneSpace()
    {
        Assert.Equal("a b c d", TextNormalizer.Normalize("a  b\t\tc \t d"));
    }

    [Fact]
    public void Normalize_LoneTab_IsKept()
    {
        Assert.Equal("name\tvalue", TextNormalizer.Normalize("name\tvalue"));
    }

    [Fact]
    public void Normalize_TrailingAndLeadingLineWhitespace_IsTrimmed()
    {
        Assert.Equal("first\nsecond\nthird", TextNormalizer.Normalize("  first   \n\tsecond\t\n third \u3000"));
    }

    [Fact]
    public void Normalize_ThreeOrMoreNewlines_CollapseToTwo()
    {
        Assert.Equal("a\n\nb\n\nc\nd", TextNormalizer.Normalize("a\n\n\n\nb\r\n \r\n\t\r\nc\nd"));
    }

    [Fact]
    public void Normalize_LeadingAndTrailingBlankLines_AreRemoved()
    {
        Assert.Equal("正文", TextNormalizer.Normalize("\n\n \n正文\n\n\n"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData("\r\n\t\u3000\u200B\n")]
    public void Normalize_BlankText_ReturnsEmpty(string text)
    {
        Assert.Equal(string.Empty, TextNormalizer.Normalize(text));
    }

    [Fact]
    public void Normalize_LoneSurrogate_IsReplacedInsteadOfThrowing()
    {
        Assert.Equal("a\uFFFDb", TextNormalizer.Normalize("a\uD800b"));
    }

    [Fact]
    public void Normalize_SurrogatePairIdeograph_IsKept()
    {
        Assert.Equal("𠀀字", TextNormalizer.Normalize("𠀀字"));
    }

    [Fact]
    public void Normalize_DecomposedAccent_IsComposed()
    {
        Assert.Equal("caf\u00E9", TextNormalizer.Normalize("cafe\u0301"));
    }

    [Fact]
    public void Normalize_ZeroWidthBetweenLetterAndMark_ResultIsStable()
    {
        string once = TextNormalizer.Normalize("e\u200B\u0301");

        Assert.Equal("\u00E9", once);
        Assert.Equal(once, TextNormalizer.Normalize(once));
    }

    [Fact]
    public void Normalize_NullText_Throws()
    {
        Assert.Throws<ArgumentNullException>(() => TextNormalizer.Normalize(null!));
    }

    [Fact]
    public void Normalize_RandomMessyText_IsIdempotentAndClean()
    {
        const int Seed = 20240611;
        var random = new Random(Seed);
        string[] pieces =
        [
            "劳动", "合同", "２０２４", "ＡＢＣ", "，", "。", "？", "！", "：", "（", "）", "……", " ", "  ", "\t", "\u3000",
            "\u00A0", "\u200B", "\uFEFF", "\r\n", "\r", "\n", "\n\n\n", "\u0001", "word", "3.14", "e\u0301", "ｶﾞ", "①",
        ];
        for (int round = 0; round < 300; round++)
        {
            var builder = new StringBuilder();
            int count = random.Next(0, 40);
            for (int i = 0; i < count; i++)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            string input = builder.ToString();
            string once = TextNormalizer.Normalize(input);

            Assert.True(once == TextNormalizer.Normalize(once), $"seed {Seed}, round {round}: not idempotent for \"{input}\"");
            Assert.True(TextNormalizer.IsNormalized(once), $"seed {Seed}, round {round}");
            Assert.DoesNotContain("  ", once, StringComparison.Ordinal);
            Assert.DoesNotContain("\n\n\n", once, StringComparison.Ordinal);
            Assert.DoesNotContain("\r", once, StringComparison.Ordinal);
            Assert.DoesNotContain(" \n", once, StringComparison.Ordinal);
            Assert.DoesNotContain("\n ", once, StringComparison.Ordinal);
            Assert.True(once.IsNormalized(NormalizationForm.FormKC), $"seed {Seed}, round {round}");
            Assert.Equal(once.Trim(), once);
            Assert.Equal(NonWhitespace(input.Normalize(NormalizationForm.FormKC)), NonWhitespace(once));
        }
    }

    [Fact]
    public void IsNormalized_MessyText_ReturnsFalse()
    {
        Assert.False(TextNormalizer.IsNormalized("２０２４年\r\n"));
        Assert.True(TextNormalizer.IsNormalized("2024年\n正文"));
    }

    [Fact]
    public void Normalize_MultiMegabyteDocument_CompletesQuickly()
    {
        var builder = new StringBuilder();
        while (builder.Length < 4_000_000)
        {
            builder.Append("第十二条\u3000用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。\r\n");
        }

        var watch = System.Diagnostics.Stopwatch.StartNew();
        string result = TextNormalizer.Normalize(builder.ToString());
        watch.Stop();

        Assert.StartsWith("第十二条 用人单位应当依法建立和完善劳动规章制度,保障", result, StringComparison.Ordinal);
        Assert.True(watch.Elapsed < TimeSpan.FromSeconds(5), $"took {watch.Elapsed}");
    }

    private static string NonWhitespace(string text)
    {
        var builder = new StringBuilder(text.Length);
        foreach (char c in text)
        {
            if (!char.IsWhiteSpace(c) && !char.IsControl(c) && c is not ('\u200B' or '\u200C' or '\u200D' or '\u2060' or '\uFEFF' or '\u00AD'))
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }
}
