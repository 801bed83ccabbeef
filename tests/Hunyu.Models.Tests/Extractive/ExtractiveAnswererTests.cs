using System.Text.RegularExpressions;
using Hunyu.Core.Answers;
using Hunyu.Core.Search;
using Hunyu.Models.Extractive;

namespace Hunyu.Models.Tests.Extractive;

public sealed partial class ExtractiveAnswererTests
{
    private readonly ExtractiveAnswerer _answerer = new();

    [Fact]
    public async Task AnswerAsync_EvidenceHoldsTheFact_AnswersWithTheSentenceAndCitesIt()
    {
        var evidence = new[]
        {
            Hit(1, "handbook:3", "员工手册", "入职须知见第一章。入职满一年的员工每年享有 10 个工作日带薪年假。病假须提供医院证明。"),
            Hit(2, "policy:0", "报销制度", "报销须在费用发生后 30 日内提交。"),
        };

        var answer = await _answerer.AnswerAsync("入职满一年有几天带薪年假？", evidence);

        Assert.False(answer.Abstained);
        Assert.Contains("10 个工作日带薪年假", answer.Text, StringComparison.Ordinal);
        var citation = Assert.Single(answer.Citations, c => c.CitationId == "handbook:3");
        Assert.Equal(1, citation.Number);
        Assert.Contains("[1]", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAsync_EverySentenceCarriesACitationToAListedSource()
    {
        var evidence = new[]
        {
            Hit(1, "a:0", "劳动合同法", "劳动合同期限三个月以上不满一年的，试用期不得超过一个月。劳动合同期限一年以上不满三年的，试用期不得超过二个月。"),
            Hit(2, "b:0", "劳动合同法", "三年以上固定期限和无固定期限的劳动合同，试用期不得超过六个月。"),
        };

        var answer = await _answerer.AnswerAsync("劳动合同的试用期不得超过多久？", evidence);

        var pieces = Regex.Split(answer.Text, @"\[\d+\]").Where(p => !string.IsNullOrWhiteSpace(p)).ToList();
        var markers = CitationMarker().Matches(answer.Text).Select(m => int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(pieces.Count, markers.Count);
        Assert.All(markers, n => Assert.Contains(answer.Citations, c => c.Number == n));
        Assert.Equal(Enumerable.Range(1, answer.Citations.Count), answer.Citations.Select(c => c.Number));
    }

    [Fact]
    public async Task AnswerAsync_UnrelatedEvidence_Abstains()
    {
        var evidence = new[] { Hit(1, "a:0", "报销制度", "报销须在费用发生后 30 日内提交。") };

        var answer = await _answerer.AnswerAsync("量子色动力学的渐近自由是什么？", evidence);

        Assert.True(answer.Abstained);
        Assert.Equal(Answer.NotFoundText, answer.Text);
        Assert.Empty(answer.Citations);
    }

    [Fact]
    public async Task AnswerAsync_NoEvidence_Abstains() =>
        Assert.True((await _answerer.AnswerAsync("年假几天？", [])).Abstained);

    [Fact]
    public async Task AnswerAsync_SameFactInTwoPassages_SaysItOnce()
    {
        var fact = "入职满一年的员工每年享有 10 个工作日带薪年假。";
        var evidence = new[] { Hit(1, "a:0", "员工手册", fact), Hit(2, "b:0", "说明", "示例:" + fact) };

        var answer = await _answerer.AnswerAsync("入职满一年的员工有几天带薪年假？", evidence);

        Assert.Single(answer.Citations);
    }

    [Fact]
    public async Task AnswerAsync_ASentenceThatOnlyMentionsAWordOfTheQuestion_IsLeftOut()
    {
        var evidence = new[]
        {
            Hit(1, "handbook:3", "员工手册", "入职满一年的员工每年享有 10 个工作日带薪年假。"),
            Hit(2, "readme:0", "目录", "employee-handbook.md | Markdown | 员工手册:入职、考勤、休假(年假、病假、婚假)"),
        };

        var answer = await _answerer.AnswerAsync("入职满一年的员工每年有几天带薪年假？", evidence);

        Assert.Equal("handbook:3", Assert.Single(answer.Citations).CitationId);
        Assert.DoesNotContain("Markdown", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AnswerAsync_AHeadingRepeatedInThePassage_IsNotAnAnswerSentence()
    {
        var hit = Hit(1, "policy:4", "费用报销制度", "2.2 审批流程\n员工在 OA 中填写报销单并上传发票,经直属主管审批后由财务部审核。") with { SectionPath = "二、报销时限与流程 > 2.2 审批流程" };

        var answer = await _answerer.AnswerAsync("报销的审批流程是什么？", [hit]);

        Assert.StartsWith("员工在 OA 中填写报销单", answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("2.2 审批流程", answer.Text, StringComparison.Ordinal);
    }

    private static SearchHit Hit(int rank, string citationId, string title, string text) => new()
    {
        Rank = rank,
        Score = 10.0 / rank,
        CitationId = citationId,
        DocumentId = citationId.Split(':')[0],
        DocumentKey = citationId,
        ChunkOrdinal = 0,
        Domain = "d",
        SourceId = "s",
        Title = title,
        Uri = "file:///" + citationId,
        Text = text,
        Snippet = text,
    };

    [GeneratedRegex(@"\[(\d+)\]")]
    private static partial Regex CitationMarker();
}
