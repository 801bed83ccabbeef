using Hunyu.Models.Grounding;

namespace Hunyu.Models.Tests.Grounding;

public sealed class CitationCheckerTests
{
    private static readonly string[] Passages =
    [
        "员工手册\n入职满一年的员工每年享有 10 个工作日带薪年假。病假须提供医院证明。",
        "报销制度\n报销须在费用发生后 30 日内提交，由财务部审核。",
        "泡泡战士\n基于《跑跑卡丁车》与《泡泡堂》上所开发的游戏，由韩国Nexon开发与发行。中国大陆由盛大游戏运营。",
    ];

    private readonly CitationChecker _checker = new(Passages, "入职满一年有几天年假？");

    [Fact]
    public void CheckSentence_ClaimStatedInTheCitedPassage_IsSupported()
    {
        var check = _checker.CheckSentence("入职满一年的员工每年享有 10 个工作日带薪年假。[1]");

        Assert.Equal(SupportVerdict.Supported, check.Verdict);
        Assert.Equal([1], check.Cited);
        Assert.Equal("入职满一年的员工每年享有 10 个工作日带薪年假。", check.Claim);
    }

    [Fact]
    public void CheckSentence_CitesPassageNine_OfThree_IsAnInvalidCitation()
    {
        var check = _checker.CheckSentence("报销须在 30 日内提交。[9]");

        Assert.Equal(SupportVerdict.InvalidCitation, check.Verdict);
        Assert.Equal([9], check.InvalidCitations);
        Assert.Equal("it cites [9]; there are 3 passage(s)", check.Reason);
    }

    [Fact]
    public void CheckSentence_ValidAndInvalidCitations_KeepsTheValidOneAndRejectsTheOther()
    {
        var check = _checker.CheckSentence("报销须在费用发生后 30 日内提交。[2][7]");

        Assert.Equal(SupportVerdict.Supported, check.Verdict);
        Assert.Equal([2], check.Cited);
        Assert.Equal([7], check.InvalidCitations);
    }

    [Fact]
    public void CheckSentence_ClaimWithoutMarker_IsUncited()
    {
        Assert.Equal(SupportVerdict.Uncited, _checker.CheckSentence("入职满一年的员工每年享有 10 个工作日带薪年假。").Verdict);
    }

    [Fact]
    public void CheckSentence_NumberChanged_IsUnsupportedNamingTheNumber()
    {
        var check = _checker.CheckSentence("入职满一年的员工每年享有 15 个工作日带薪年假。[1]");

        Assert.Equal(SupportVerdict.Unsupported, check.Verdict);
        Assert.Equal("the number 15 is not in [1]", check.Reason);
    }

    [Fact]
    public void CheckSentence_NumberIsOnlyPartOfALargerOne_IsUnsupported()
    {
        Assert.Equal(SupportVerdict.Unsupported, _checker.CheckSentence("报销须在费用发生后 3 日内提交。[2]").Verdict);
    }

    [Fact]
    public void CheckSentence_NumberTakenFromAnotherSentenceOfThePassage_IsUnsupported()
    {
        var checker = new CitationChecker(["入职满一年的员工每年享有 10 个工作日带薪年假。公司共有 25 个部门，分布在三个城市。"]);

        var check = checker.CheckSentence("入职满一年的员工每年享有 25 个工作日带薪年假。[1]");

        Assert.Equal(SupportVerdict.Unsupported, check.Verdict);
        Assert.Equal("the number 25 is in [1] but not in a sentence about this claim", check.Reason);
    }

    [Fact]
    public void CheckSentence_PreambleWords_ClaimNothing()
    {
        Assert.Equal(SupportVerdict.Supported, _checker.CheckSentence("根据资料记载，入职满一年的员工每年享有 10 个工作日带薪年假。[1]").Verdict);
    }

    [Fact]
    public void CheckSentence_ContentWordsAllStopWords_IsStillChecked()
    {
        Assert.Equal(SupportVerdict.Uncited, _checker.CheckSentence("搞什么鬼！").Verdict);
        Assert.Equal(SupportVerdict.NotAClaim, _checker.CheckSentence("……").Verdict);
    }

    [Fact]
    public void CheckSentence_LatinNameChanged_IsUnsupportedNamingTheName()
    {
        var check = _checker.CheckSentence("泡泡战士由韩国Nexen开发与发行。[3]");

        Assert.Equal(SupportVerdict.Unsupported, check.Verdict);
        Assert.Equal("the name 'nexen' is not in [3]", check.Reason);
    }

    [Fact]
    public void CheckSentence_ClaimFromAnotherPassage_IsUnsupported()
    {
        var check = _checker.CheckSentence("报销须在费用发生后 30 日内提交，由财务部审核。[1]");

        Assert.Equal(SupportVerdict.Unsupported, check.Verdict);
    }

    [Fact]
    public void CheckSentence_OneWordTakenFromAnotherPassage_IsUnsupported()
    {
        var check = _checker.CheckSentence("病假须提供财务部证明。[1]");

        Assert.Equal(SupportVerdict.Unsupported, check.Verdict);
        Assert.Contains("is in [2], not in [1]", check.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void CheckSentence_EnglishClaimOverChineseEvidence_IsUnverifiableWhenNumbersMatch()
    {
        Assert.Equal(SupportVerdict.Unverifiable, _checker.CheckSentence("Employees get 10 working days of paid leave after one year. [1]").Verdict);
        Assert.Equal(SupportVerdict.Unsupported, _checker.CheckSentence("Employees get 12 working days of paid leave after one year. [1]").Verdict);
    }

    [Theory]
    [InlineData("入职满一年享有 10 个工作日带薪年假。[1, 2]", new[] { 1, 2 })]
    [InlineData("入职满一年享有 10 个工作日带薪年假【1】", new[] { 1 })]
    [InlineData("入职满一年享有 10 个工作日带薪年假[^1]", new[] { 1 })]
    [InlineData("入职满一年享有 10 个工作日带薪年假 [1][3]", new[] { 1, 3 })]
    public void Markers_ReadsTheCommonCitationStyles(string sentence, int[] expected)
    {
        Assert.Equal(expected, CitationChecker.Markers(sentence));
    }

    [Fact]
    public void SplitSentences_MarkerAfterTheFullStop_StaysWithItsSentence()
    {
        var sentences = CitationChecker.SplitSentences("年假为 10 天。[1] 病假须提供医院证明。[1][2]报销在 30 日内。");

        Assert.Equal(["年假为 10 天。[1]", "病假须提供医院证明。[1][2]", "报销在 30 日内。"], sentences);
    }

    [Fact]
    public void CheckAnswer_ChecksEverySentence()
    {
        var checks = _checker.CheckAnswer("入职满一年的员工每年享有 10 个工作日带薪年假。[1] 病假须提供医院证明。[9] 公司还提供免费午餐。");

        Assert.Equal([SupportVerdict.Supported, SupportVerdict.InvalidCitation, SupportVerdict.Uncited], checks.Select(c => c.Verdict));
    }
}
