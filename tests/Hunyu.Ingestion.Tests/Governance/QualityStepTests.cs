using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Governance;

public sealed class QualityStepTests
{
    [Theory]
    [InlineData("用人单位自用工之日起即与劳动者建立劳动关系。", "zh")]
    [InlineData("The employer shall pay wages in full and on time.", "en")]
    [InlineData("公司的 HR 部门负责 onboarding 和 payroll 的流程管理。", "zh")]
    [InlineData("従業員は毎月の給与を受け取ります。", "other")]
    [InlineData("직원은 매월 급여를 받습니다.", "other")]
    [InlineData("Работодатель выплачивает заработную плату.", "other")]
    [InlineData("12345 67890", "other")]
    public void LanguageDetector_ScriptRatios_NamesTheLanguage(string text, string language)
    {
        Assert.Equal(language, LanguageDetector.Detect(text));
    }

    [Fact]
    public void Apply_TooShort_DroppedNamingTheMinimum()
    {
        var result = Apply(Docs.Of("好"), new QualityOptions { MinChars = 2 });

        Assert.Equal(StepAction.Dropped, result.Action);
        Assert.Equal("too short: 1 visible characters; minimum 2 (Hunyu:Governance:Quality:MinChars)", result.Detail);
    }

    [Fact]
    public void Apply_ShortStatute_Kept()
    {
        Assert.NotEqual(StepAction.Dropped, Apply(Docs.Of("本法自公布之日起施行。")).Action);
    }

    [Fact]
    public void Apply_MostlyDigitsAndSymbols_Dropped()
    {
        var result = Apply(Docs.Of("#### ---- 1234567890 ==== ++++ 0987654321 **** //// 55555"));

        Assert.Equal(StepAction.Dropped, result.Action);
        Assert.StartsWith("mostly digits and symbols: ", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_NumericTable_KeptBecauseTablesAreNotRunningText()
    {
        var table = new ParsedDocument(null, "财务报表", [new TextBlock(BlockKind.TableRow, "2023 | 1,234.50 | 12.5% | 3,456.00"), new TextBlock(BlockKind.TableRow, "2024 | 2,345.60 | 13.1% | 4,567.10")], new Dictionary<string, string>());

        Assert.NotEqual(StepAction.Dropped, Apply(table).Action);
    }

    [Fact]
    public void Apply_RepeatedLines_Dropped()
    {
        var spam = string.Join('\n', Enumerable.Repeat("点击这里领取优惠券", 12).Append(Docs.Statutes[0]));

        var result = Apply(Docs.Of(spam));

        Assert.Equal(StepAction.Dropped, result.Action);
        Assert.StartsWith("repeated lines: ", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_SmallBase64BlobInText_BlobRemovedTextKept()
    {
        var blob = Convert.ToBase64String(Enumerable.Range(0, 90).Select(i => (byte)(i * 7)).ToArray());
        var document = new GovernedDocument("d", Docs.Of(Docs.Statutes[3], "附件：" + blob));

        var result = new QualityStep(new GovernanceOptions()).Apply(document);

        Assert.Equal(StepAction.Changed, result.Action);
        Assert.Equal($"removed 1 base64/hex runs ({blob.Length} characters)", result.Detail);
        Assert.Equal([Docs.Statutes[3], "附件:"], document.Blocks.Select(block => block.Text));
    }

    [Fact]
    public void Apply_MostlyBase64AndHex_DroppedAsMachineGenerated()
    {
        var blob = Convert.ToBase64String(Enumerable.Range(0, 3000).Select(i => (byte)(i * 13)).ToArray());
        var hex = Convert.ToHexString(Enumerable.Range(0, 64).Select(i => (byte)i).ToArray());

        var result = Apply(Docs.Of("data:", blob, hex));

        Assert.Equal(StepAction.Dropped, result.Action);
        Assert.StartsWith("machine-generated: ", result.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void JunkScanner_OrdinaryLongTokens_NotJunk()
    {
        var text = "Supercalifragilisticexpialidocious antidisestablishmentarianism https://example.com/docs/getting-started/index.html 2024-01-01T00:00:00Z deadbeef";

        Assert.Null(JunkScanner.Find(text, 100, 64));
    }

    [Fact]
    public void Apply_LanguageNotAllowed_Dropped()
    {
        var result = Apply(Docs.Of("The employer shall pay wages in full and on time."), new QualityOptions { Languages = ["zh"] });

        Assert.Equal(StepAction.Dropped, result.Action);
        Assert.Equal("language en is not among zh (Hunyu:Governance:Quality:Languages)", result.Detail);
    }

    [Fact]
    public void Validate_UnknownLanguage_ThrowsNamingTheOption()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new QualityOptions { Languages = ["fr"] }.Validate());

        Assert.Equal("Hunyu:Governance:Quality:Languages", error.ParamName);
    }

    [Fact]
    public void Validate_ThresholdOutOfRange_ThrowsNamingOptionAndRange()
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new GovernanceOptions { Dedup = new DedupOptions { Threshold = 1.5 } }.Validate());

        Assert.Equal("Hunyu:Governance:Dedup:Threshold", error.ParamName);
        Assert.Contains("0.3–1", error.Message, StringComparison.Ordinal);
    }

    private static StepResult Apply(ParsedDocument document, QualityOptions? quality = null) =>
        new QualityStep(new GovernanceOptions { Quality = quality ?? new QualityOptions() }).Apply(new GovernedDocument("d", document));
}
