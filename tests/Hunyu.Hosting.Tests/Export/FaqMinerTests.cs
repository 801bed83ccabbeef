using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Hosting.Export;

namespace Hunyu.Hosting.Tests.Export;

/// <summary>Question/answer patterns found in exported text.</summary>
public sealed class FaqMinerTests
{
    [Fact]
    public void Mine_ChineseMarkersOnSeparateAndSharedLines_PairsEach()
    {
        var document = Exported(("FAQ", "问:怎么请假?\n答:在系统里提交。\n经理审批后生效。\n1. 问:病假要证明吗?答:要医院证明。"));

        var pairs = FaqMiner.Mine(document).ToList();

        Assert.Equal([("怎么请假?", "在系统里提交。\n经理审批后生效。"), ("病假要证明吗?", "要医院证明。")], pairs.Select(p => (p.Question, p.Answer)));
    }

    [Fact]
    public void Mine_EnglishMarkersAcrossLines_JoinsTheQuestionAndEndsTheAnswerAtTheSection()
    {
        var document = Exported(("FAQ", "Q: How long is\nthe trial period?\nA: Six months."), ("Other", "Unrelated text."));

        var pair = Assert.Single(FaqMiner.Mine(document));

        Assert.Equal("How long is the trial period?", pair.Question);
        Assert.Equal("Six months.", pair.Answer);
        Assert.Equal("d:0", pair.Citation);
    }

    [Fact]
    public void Mine_HeadingEndingInAQuestionMark_AnswersWithItsSection()
    {
        var document = Exported(("手册 > 试用期多长?", "试用期多长?\n一般为三个月。"), ("手册 > 说明", "说明\n无问题。"));

        var pair = Assert.Single(FaqMiner.Mine(document));

        Assert.Equal(("试用期多长?", "一般为三个月。", "d:0"), (pair.Question, pair.Answer, pair.Citation));
    }

    [Fact]
    public void Mine_WordsThatOnlyLookLikeMarkers_FindNothing()
    {
        var document = Exported(("Notes", "Quality: high.\nAnswers vary.\n问题很多,答案很少。\nmetadata: a: b"));

        Assert.Empty(FaqMiner.Mine(document));
    }

    [Fact]
    public void Mine_RecordWithQuestionAndAnswerFields_ReadsTheirLines()
    {
        var text = "问题: 如何报销?\n答案: 提交发票。\n审批后打款。\ncategory: 财务";
        var metadata = new Dictionary<string, string> { ["问题"] = "如何报销?", ["答案"] = "提交发票。", ["category"] = "财务" };
        var document = ExportedDocument.Create(Document(metadata), [new Chunk("d", 0, text, string.Empty, null, 0, text.Length)], new PiiGuard());

        var pair = Assert.Single(FaqMiner.Mine(document));

        Assert.Equal(("如何报销?", "提交发票。\n审批后打款。"), (pair.Question, pair.Answer));
    }

    private static ExportedDocument Exported(params (string Section, string Text)[] sections)
    {
        var chunks = new List<Chunk>();
        var offset = 0;
        foreach (var (section, text) in sections)
        {
            chunks.Add(new Chunk("d", chunks.Count, text, section, null, offset, offset + text.Length));
            offset += text.Length + 1;
        }

        return ExportedDocument.Create(Document(new Dictionary<string, string>()), chunks, new PiiGuard());
    }

    private static Document Document(Dictionary<string, string> metadata) =>
        new("d", "s", "faq", "faq.md", "FAQ", "file:///faq.md", "hash", 1, DateTimeOffset.UnixEpoch, DateTimeOffset.UnixEpoch, metadata, Acl.Public);
}
