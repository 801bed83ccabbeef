using Hunyu.Ingestion.Governance;
using Hunyu.Ingestion.Governance.Pii;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

/// <summary>The PII step inside the pipeline: values masked in place, offsets into the governed text, flags and withheld ranges.</summary>
public sealed class PiiStepTests
{
    private const string Id = "11010519491231002X";

    [Fact]
    public void Process_DocumentWithIdAndPhone_MasksThemInPlaceAndReportsTheirOffsets()
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions(), extraSteps: [PiiStep.Default]);
        var first = "第一段没有个人信息，只是一些普通的说明文字。";
        var second = $"身份证号{Id}，手机13812345678。";

        var outcome = pipeline.Process("a.md", Document(first, second));

        Assert.True(outcome.Kept);
        var governed = outcome.Document;
        Assert.Equal(first.Length + 1 + second.Length, governed.Text.Length);
        Assert.DoesNotContain(Id, governed.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", governed.Text, StringComparison.Ordinal);
        var id = Assert.Single(governed.Pii, p => p.Type == "resident_id");
        Assert.Equal(first.Length + 1 + "身份证号".Length, id.Start);
        Assert.Equal("110105********002X", governed.Text[id.Start..id.End]);
        Assert.Contains(governed.Pii, p => p.Type == "mobile_phone");
        Assert.Equal("mobile_phone,resident_id", governed.ToParsedDocument().Metadata[PiiStep.TypesKey]);
    }

    [Fact]
    public void Apply_NameUnderFlagPolicy_FlagsTheDocumentSensitive()
    {
        var document = new GovernedDocument("b.md", Document("联系人：王小明，请于周五前回复。"));

        var result = PiiStep.Default.Apply(document);

        Assert.Equal(StepAction.Changed, result.Action);
        Assert.Equal("true", document.ToParsedDocument().Metadata[PiiStep.SensitiveKey]);
        Assert.Contains(document.Pii, p => p.Type == "person_name");
    }

    [Fact]
    public void Apply_DropPolicy_WithholdsTheRangeAndStillMasksIt()
    {
        var step = new PiiStep(PiiDetector.Default, PiiPolicy.Default.With(PiiType.BankCard, PiiAction.DropChunk));
        var document = new GovernedDocument("c.md", Document("卡号6222020200112233446请勿外传"));

        step.Apply(document);

        var (start, end, reason) = Assert.Single(document.Withheld);
        Assert.Equal("pii:bank_card", reason);
        Assert.Equal(("卡号".Length, "卡号6222020200112233446".Length), (start, end));
        Assert.Equal("622202*********3446", document.Text[start..end]);
    }

    [Fact]
    public void Apply_NumberFailingItsChecksum_IsNotPii()
    {
        var document = new GovernedDocument("d.md", Document("编号110105194912310021不是身份证。"));

        Assert.Equal(StepAction.Unchanged, PiiStep.Default.Apply(document).Action);
        Assert.Empty(document.Pii);
    }

    private static ParsedDocument Document(params string[] paragraphs) =>
        new(null, "t", [.. paragraphs.Select(p => new TextBlock(BlockKind.Paragraph, p))], new Dictionary<string, string>());
}
