using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Governance;

public sealed class NormalizeAndBoilerplateTests
{
    [Fact]
    public void Normalize_FullWidthZeroWidthAndEmptyBlocks_ChangedAndReported()
    {
        var document = new GovernedDocument("d", Docs.Titled("ＴＩＴＬＥ", "２０２４年\u200B第１季度", "  ", "ok"));

        var result = new NormalizeStep(new GovernanceOptions()).Apply(document);

        Assert.Equal(StepAction.Changed, result.Action);
        Assert.Equal("TITLE", document.Title);
        Assert.Equal(["2024年第1季度", "ok"], document.Blocks.Select(block => block.Text));
        Assert.Equal("normalised 1 blocks and the title (-3 characters); removed 1 empty blocks", result.Detail);
    }

    [Fact]
    public void Normalize_FoldToSimplified_FoldsTraditionalCharacters()
    {
        var document = new GovernedDocument("d", Docs.Titled("臺灣資訊", "勞動契約應以書面為之。"));

        var result = new NormalizeStep(new GovernanceOptions { FoldToSimplified = true }).Apply(document);

        Assert.Equal("台湾资讯", document.Title);
        Assert.Equal("劳动契约应以书面为之。", document.Blocks[0].Text);
        Assert.Contains("folded 10 Traditional characters to Simplified", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Normalize_ByDefault_KeepsTheScript()
    {
        var document = new GovernedDocument("d", Docs.Titled("臺灣", "勞動契約"));

        Assert.Equal(StepAction.Unchanged, new NormalizeStep(new GovernanceOptions()).Apply(document).Action);
        Assert.Equal("勞動契約", document.Blocks[0].Text);
    }

    [Fact]
    public void ChineseScriptFolder_UsesTheFullOpenCcTable()
    {
        Assert.True(ChineseScriptFolder.Count > 4_000);
        Assert.Equal("简体中文与繁体中文", ChineseScriptFolder.ToSimplified("簡體中文與繁體中文", out var folded));
        Assert.Equal(4, folded);
        Assert.Same("already simplified", ChineseScriptFolder.ToSimplified("already simplified", out _));
    }

    [Fact]
    public void PageBoilerplate_RepeatedHeadersFootersAndPageNumbers_RemovedBodyKept()
    {
        var blocks = new List<(int, string)>();
        for (var page = 1; page <= 6; page++)
        {
            blocks.Add((page, "华东某某科技有限公司 内部资料 请勿外传"));
            blocks.Add((page, Docs.Statutes[page]));
            blocks.Add((page, $"第 {page} 页 共 6 页"));
        }

        var document = new GovernedDocument("r.pdf", Docs.Paged([.. blocks]));

        var result = new PageBoilerplateStep().Apply(document);

        Assert.Equal(StepAction.Changed, result.Action);
        Assert.Equal(Docs.Statutes[1..7], document.Blocks.Select(block => block.Text));
        Assert.Equal([1, 2, 3, 4, 5, 6], document.Blocks.Select(block => block.Page!.Value));
        Assert.StartsWith("removed 12 page header/footer lines", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void PageBoilerplate_LinesInTheBodyOrOnFewPages_Kept()
    {
        var document = new GovernedDocument("r.pdf", Docs.Paged(
            (1, "摘要"), (1, Docs.Statutes[0]), (1, "重要提示"), (1, Docs.Statutes[1]), (1, "结束"),
            (2, "目录"), (2, Docs.Statutes[2]), (2, "重要提示"), (2, Docs.Statutes[3]), (2, "结束"),
            (3, "正文"), (3, Docs.Statutes[4]), (3, "重要提示"), (3, Docs.Statutes[5]), (3, "附录")));

        Assert.Equal(StepAction.Unchanged, new PageBoilerplateStep().Apply(document).Action);
    }

    [Fact]
    public void PageBoilerplate_TwoPages_LeftAlone()
    {
        var document = new GovernedDocument("r.pdf", Docs.Paged((1, "页眉"), (1, Docs.Statutes[0]), (2, "页眉"), (2, Docs.Statutes[1])));

        Assert.Equal(StepAction.Unchanged, new PageBoilerplateStep().Apply(document).Action);
    }

    [Fact]
    public void SiteBoilerplate_NavigationInMostPages_RemovedOnceEnoughPagesWereSeen()
    {
        var step = new SiteBoilerplateStep(new GovernanceOptions());
        var results = new List<(StepResult Result, GovernedDocument Document)>();
        for (var i = 0; i < 8; i++)
        {
            var document = new GovernedDocument($"p{i}", Docs.Html("首页 | 新闻中心 | 联系我们", Docs.Statutes[i], "版权所有 © 2024 某某公司"));
            step.Prepare(document);
            results.Add((step.Apply(document), document));
        }

        Assert.All(results.Take(SiteBoilerplateStep.MinDocuments), r => Assert.Equal(StepAction.Unchanged, r.Result.Action));
        Assert.All(results.Skip(SiteBoilerplateStep.MinDocuments), r =>
        {
            Assert.Equal(StepAction.Changed, r.Result.Action);
            Assert.Equal([r.Document.Blocks[0].Text], r.Document.Blocks.Select(block => block.Text));
            Assert.Contains(r.Document.Blocks[0].Text, Docs.Statutes);
        });
    }

    [Fact]
    public void SiteBoilerplate_NonHtmlDocuments_NeverTouched()
    {
        var step = new SiteBoilerplateStep(new GovernanceOptions());
        for (var i = 0; i < 10; i++)
        {
            var document = new GovernedDocument($"law{i}", Docs.Of("本法自公布之日起施行。", Docs.Statutes[i % 8]));
            step.Prepare(document);

            Assert.Equal(StepAction.Unchanged, step.Apply(document).Action);
        }
    }

    [Fact]
    public void SiteBoilerplate_ManyUniqueLines_StateStaysBounded()
    {
        var step = new SiteBoilerplateStep(new GovernanceOptions());
        for (var i = 0; i < 1_500; i++)
        {
            var lines = Enumerable.Range(0, 100).Select(k => Letters((i * 100) + k)).Prepend("Home | About");
            var document = new GovernedDocument($"p{i}", Docs.Html([.. lines]));
            step.Prepare(document);
            step.Apply(document);
        }

        Assert.InRange(step.TrackedLines, 1, SiteBoilerplateStep.MaxTrackedLines);
        var last = new GovernedDocument("last", Docs.Html("Home | About", "a new page"));
        step.Prepare(last);
        Assert.Equal(StepAction.Changed, step.Apply(last).Action);
        Assert.Equal(["a new page"], last.Blocks.Select(block => block.Text));
    }

    /// <summary>A distinct letters-only line per number (digits would all share one boilerplate key).</summary>
    private static string Letters(int n)
    {
        var letters = new List<char>();
        do
        {
            letters.Add((char)('a' + (n % 26)));
            n /= 26;
        }
        while (n > 0);

        return "line " + new string([.. letters]);
    }
}
