using System.Text;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Tests.Governance;

public sealed class ScreenStepTests
{
    static ScreenStepTests() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    [Fact]
    public void Apply_BinaryPassedAsText_DroppedAsBinary()
    {
        var bytes = new byte[4096];
        new Random(42).NextBytes(bytes);
        var text = Encoding.Latin1.GetString(bytes);

        var outcome = Pipeline().Process("blob.txt", Docs.Of(text));

        Assert.Equal("screen", outcome.Dropped?.Step);
        Assert.StartsWith("binary content: ", outcome.Dropped!.Reason, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Governance:Quality:MaxControlShare", outcome.Dropped.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_OneLineOverTheSizeLimit_DroppedBeforeAnyOtherStepReadsIt()
    {
        // The 200 MB single line of the issue, scaled down: the limit is checked on block lengths alone.
        var spy = new SpyStep();
        var options = new GovernanceOptions { MaxDocumentChars = 1_000 };
        var pipeline = new GovernancePipeline(options, [new ScreenStep(options), spy]);

        var outcome = pipeline.Process("huge.log", Docs.Of(new string('a', 5_000)));

        Assert.Equal("screen", outcome.Dropped?.Step);
        Assert.Equal("too large: 5,005 characters; limit 1,000 (Hunyu:Governance:MaxDocumentChars)", outcome.Dropped!.Reason);
        Assert.Equal(0, spy.Calls);
    }

    [Fact]
    public void Process_OneLineOfTwoMillionCharacters_GovernedWithoutSplittingIntoLines()
    {
        var line = string.Concat(Enumerable.Repeat(string.Concat(Docs.Statutes), 2_000_000 / string.Concat(Docs.Statutes).Length + 1));
        var pipeline = Pipeline();

        var first = pipeline.Process("one-line-a", Docs.Of(line));
        var copy = pipeline.Process("one-line-b", Docs.Of(line));

        Assert.True(first.Kept, first.Dropped?.Reason);
        Assert.Equal(line.Length, first.Document.Text.Length);
        Assert.Equal("one-line-a", copy.Duplicate?.DuplicateOf);
    }

    [Theory]
    [InlineData("gbk")]
    [InlineData("big5")]
    [InlineData("shift_jis")]
    public void Apply_NonUtf8BytesReadAsUtf8_DroppedForReplacementCharacters(string encoding)
    {
        var text = encoding == "shift_jis" ? "日本語のテキストを誤ったエンコーディングで読むと、置換文字が並びます。これは検出されるべきです。" : Docs.Statutes[3];
        var misread = Encoding.UTF8.GetString(Encoding.GetEncoding(encoding).GetBytes(text));

        var outcome = Pipeline().Process("misread.txt", Docs.Of(misread));

        Assert.Equal("screen", outcome.Dropped?.Step);
        Assert.Contains("U+FFFD", outcome.Dropped!.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_Utf8ReadAsGbk_DroppedAsMojibake()
    {
        var misread = Encoding.GetEncoding("gbk").GetString(Encoding.UTF8.GetBytes(Docs.Statutes[3]));

        var outcome = Pipeline().Process("misread.txt", Docs.Of(misread));

        Assert.Equal("screen", outcome.Dropped?.Step);
        Assert.Contains("read as GBK", outcome.Dropped!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("windows-1252")]
    [InlineData("iso-8859-1")]
    public void Apply_Utf8ReadAsLatin1_DroppedAsMojibake(string encoding)
    {
        var misread = Encoding.GetEncoding(encoding).GetString(Encoding.UTF8.GetBytes("员工手册：" + Docs.Statutes[0]));

        var outcome = Pipeline().Process("misread.txt", Docs.Of(misread));

        Assert.Equal("screen", outcome.Dropped?.Step);
        Assert.Contains("read as Latin-1/Windows-1252", outcome.Dropped!.Reason, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Les employés reçoivent leur salaire à la fin du mois, après déduction des cotisations sociales prévues.")]
    [InlineData("Die Mitarbeiter erhalten ihr Gehalt am Monatsende; Überstunden werden gesondert vergütet.")]
    [InlineData("臺灣的勞動基準法規定，雇主延長勞工工作時間者，其延長工作時間之工資應依規定加給。")]
    [InlineData("Ünïcödé “quotes” – dashes — and € prices: café, naïve, São Paulo, Zürich.")]
    public void Apply_CorrectlyDecodedText_Kept(string text)
    {
        var outcome = Pipeline().Process("fine.txt", Docs.Of(text));

        Assert.True(outcome.Kept, outcome.Dropped?.Reason);
    }

    [Fact]
    public void Apply_CorrectlyDecodedCorpusText_NeverReadsAsMojibake()
    {
        foreach (var statute in Docs.Statutes)
        {
            Assert.Equal(StepResult.Unchanged, new ScreenStep(new GovernanceOptions()).Apply(new GovernedDocument("s", Docs.Of(statute))));
        }
    }

    private static GovernancePipeline Pipeline() => GovernancePipeline.CreateDefault(new GovernanceOptions());

    private sealed class SpyStep : IGovernanceStep
    {
        public int Calls { get; private set; }

        public string Name => "spy";

        public StepResult Apply(GovernedDocument document)
        {
            Calls++;
            return StepResult.Unchanged;
        }
    }
}
