using Hunyu.Text.Tokens;

namespace Hunyu.Text.Tests.Tokens;

public sealed class TokenEstimatorTests
{
    [Theory]
    [InlineData("", 0)]
    [InlineData("   \n\t\u3000", 0)]
    [InlineData("劳动合同法", 5)]
    [InlineData("ひらがなカタカナ", 8)]
    [InlineData("한국어", 3)]
    [InlineData("a", 1)]
    [InlineData("word", 1)]
    [InlineData("words", 2)]
    [InlineData("internationalization", 5)]
    [InlineData("2024", 1)]
    [InlineData("hello world", 4)]
    [InlineData("。，!?", 4)]
    [InlineData("Hello, world!", 6)]
    [InlineData("to be or not", 4)]
    [InlineData("2024年发布GPT-4版本", 9)]
    [InlineData("𠀀😀", 2)]
    [InlineData("café", 1)]
    public void Count_Text_MatchesTheRules(string text, int expected)
    {
        Assert.Equal(expected, TokenEstimator.Count(text));
    }

    [Fact]
    public void Count_AppendingText_NeverDecreases()
    {
        string text = "第1条 The employer shall pay wages，按月支付。Overtime ×1.5 😀!";
        int previous = 0;
        for (int length = 0; length <= text.Length; length++)
        {
            int count = TokenEstimator.Count(text.AsSpan(0, length));
            Assert.True(count >= previous, $"count fell at length {length}");
            previous = count;
        }
    }

    [Theory]
    [InlineData("劳动合同法规定", 3, 3)]
    [InlineData("abcdefghij", 2, 8)]
    [InlineData("ab cd ef", 2, 6)]
    [InlineData("short", 10, 5)]
    [InlineData("😀😀😀", 2, 4)]
    public void FitPrefix_Budget_ReturnsLongestFittingPrefix(string text, int budget, int expected)
    {
        int length = TokenEstimator.FitPrefix(text, budget);

        Assert.Equal(expected, length);
        Assert.True(TokenEstimator.Count(text.AsSpan(0, length)) <= budget);
        if (length < text.Length)
        {
            Assert.True(TokenEstimator.Count(text.AsSpan(0, length + 1)) > budget || char.IsLowSurrogate(text[length]));
        }
    }

    [Fact]
    public void FitPrefix_ZeroBudget_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TokenEstimator.FitPrefix("abc", 0));
    }
}
