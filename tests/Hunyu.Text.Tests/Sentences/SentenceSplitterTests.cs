using System.Text;
using Hunyu.Text.Normalization;
using Hunyu.Text.Sentences;

namespace Hunyu.Text.Tests.Sentences;

public sealed class SentenceSplitterTests
{
    [Fact]
    public void Split_ChineseTerminators_SplitsAfterEach()
    {
        string[] sentences = Texts("今天下雨了。你带伞了吗？带了！那就好；我们走吧…好的");

        Assert.Equal(["今天下雨了。", "你带伞了吗？", "带了！", "那就好；", "我们走吧…", "好的"], sentences);
    }

    [Fact]
    public void Split_ChineseAfterNfkc_SplitsAtAsciiForms()
    {
        string text = TextNormalizer.Normalize("你带伞了吗？带了！那就好；我们走吧……好的。");

        Assert.Equal(["你带伞了吗?", "带了!", "那就好;", "我们走吧......", "好的。"], Texts(text));
    }

    [Fact]
    public void Split_EnglishSentences_SplitsAtPeriodFollowedBySpace()
    {
        Assert.Equal(["This is one.", "This is two!", "Is this three?"], Texts("This is one. This is two! Is this three?"));
    }

    [Theory]
    [InlineData("Mr. Smith met Dr. Wang today. They talked.", "Mr. Smith met Dr. Wang today.")]
    [InlineData("Use a tool, e.g. a hammer, i.e. the big one. Then stop.", "Use a tool, e.g. a hammer, i.e. the big one.")]
    [InlineData("He moved to the U.S. last year. Then back.", "He moved to the U.S. last year.")]
    [InlineData("Pi is about 3.14 and e is 2.718. Both are irrational.", "Pi is about 3.14 and e is 2.718.")]
    [InlineData("See No. 5 in the list. Done.", "See No. 5 in the list.")]
    [InlineData("J. K. Rowling wrote it. Yes.", "J. K. Rowling wrote it.")]
    [InlineData("Visit example.com today. Now.", "Visit example.com today.")]
    [InlineData("Apples, pears, etc. are fruit. Fine.", "Apples, pears, etc. are fruit.")]
    public void Split_AbbreviationsAndNumbers_DoNotEndTheSentence(string text, string first)
    {
        string[] sentences = Texts(text);

        Assert.Equal(2, sentences.Length);
        Assert.Equal(first, sentences[0]);
    }

    [Fact]
    public void Split_EtcBeforeCapital_EndsTheSentence()
    {
        Assert.Equal(["We bought apples, pears, etc.", "Then we left."], Texts("We bought apples, pears, etc. Then we left."));
    }

    [Fact]
    public void Split_NoAtSentenceEnd_EndsTheSentence()
    {
        Assert.Equal(["She said no.", "Then she left."], Texts("She said no. Then she left."));
    }

    [Fact]
    public void Split_NumberedListItem_KeepsNumberWithText()
    {
        Assert.Equal(["1. Scope of this policy.", "It applies to all staff."], Texts("1. Scope of this policy. It applies to all staff."));
    }

    [Fact]
    public void Split_ClosingQuotesAndBrackets_StayWithTheSentence()
    {
        Assert.Equal(["他说：“我来了。”", "「好的！」", "（完）"], Texts("他说：“我来了。”「好的！」（完）"));
        Assert.Equal(["He said \"Stop.\"", "(It worked.)", "Done."], Texts("He said \"Stop.\" (It worked.) Done."));
    }

    [Fact]
    public void Split_MixedChineseAndEnglish_SplitsBoth()
    {
        string text = TextNormalizer.Normalize("本法适用于所有员工。The policy starts in ２０２４. 请遵守!Thanks.");

        Assert.Equal(["本法适用于所有员工。", "The policy starts in 2024.", "请遵守!", "Thanks."], Texts(text));
    }

    [Fact]
    public void Split_QuestionMarkInsideUrl_DoesNotSplit()
    {
        Assert.Equal(["Open https://example.com/search?q=1&page=2 now."], Texts("Open https://example.com/search?q=1&page=2 now."));
    }

    [Fact]
    public void Split_SemicolonBeforeBracketInStatute_Splits()
    {
        string text = TextNormalizer.Normalize("(一)订立合同；（二）履行合同；（三）解除合同。");

        Assert.Equal(["(一)订立合同;", "(二)履行合同;", "(三)解除合同。"], Texts(text));
    }

    [Fact]
    public void Split_Newlines_EndSentences()
    {
        Assert.Equal(["第一章 总则", "第一条 目的", "Heading without period"], Texts("第一章 总则\n第一条 目的\r\n\nHeading without period"));
    }

    [Fact]
    public void Split_EnglishEllipsis_EndsSentenceBeforeSpaceOnly()
    {
        Assert.Equal(["Wait...", "what?", "It cost 3...5 dollars."], Texts("Wait... what? It cost 3...5 dollars."));
    }

    [Fact]
    public void Split_RepeatedTerminators_StayTogether()
    {
        Assert.Equal(["What?!", "真的吗？？", "Yes..."], Texts("What?! 真的吗？？Yes..."));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   \n\t\u3000 \u200B\n")]
    public void Split_BlankText_ReturnsNoSentences(string text)
    {
        Assert.Empty(SentenceSplitter.Split(text));
    }

    [Fact]
    public void Split_Spans_AreTrimmedAndPointIntoTheInput()
    {
        string text = "  第一句。  Second one.   ";

        var spans = SentenceSplitter.Split(text);

        Assert.Equal([new SentenceSpan(2, 4), new SentenceSpan(8, 11)], spans);
        Assert.Equal("Second one.", text.Substring(spans[1].Start, spans[1].Length));
        Assert.Equal(19, spans[1].End);
    }

    [Fact]
    public void Split_RandomText_SpansAreOrderedNonBlankAndCoverAllVisibleText()
    {
        const int Seed = 7;
        var random = new Random(Seed);
        string[] pieces = ["劳动", "合同", "。", "？", "!", "?", ".", "...", " ", "\n", "Mr.", "3.14", "word", "”", "」", "e.g.", ";", "\u3000"];
        for (int round = 0; round < 300; round++)
        {
            var builder = new StringBuilder();
            for (int i = random.Next(0, 50); i > 0; i--)
            {
                builder.Append(pieces[random.Next(pieces.Length)]);
            }

            string text = builder.ToString();
            var spans = SentenceSplitter.Split(text);

            int previousEnd = 0;
            foreach (var span in spans)
            {
                Assert.True(span.Start >= previousEnd, $"seed {Seed}, round {round}: overlapping spans");
                Assert.True(span.Length > 0);
                string sentence = text.Substring(span.Start, span.Length);
                Assert.False(string.IsNullOrWhiteSpace(sentence), $"seed {Seed}, round {round}");
                Assert.Equal(sentence.Trim(), sentence);
                Assert.True(text[previousEnd..span.Start].Trim().Length == 0, $"seed {Seed}, round {round}: text between spans lost");
                previousEnd = span.End;
            }

            Assert.True(text[previousEnd..].Trim().Length == 0, $"seed {Seed}, round {round}: tail lost");
        }
    }

    [Fact]
    public void Split_HugeTextWithoutPunctuation_ReturnsOneSentence()
    {
        string text = new('法', 20_000);

        var spans = SentenceSplitter.Split(text);

        Assert.Equal([new SentenceSpan(0, 20_000)], spans);
    }

    private static string[] Texts(string text) =>
        [.. SentenceSplitter.Split(text).Select(s => text.Substring(s.Start, s.Length))];
}
