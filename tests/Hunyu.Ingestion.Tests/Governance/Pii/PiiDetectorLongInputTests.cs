using System.Diagnostics;
using System.Text;
using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

/// <summary>Long single-line and hostile inputs (issue 4: "a document of one 200 MB line"): time stays linear.</summary>
public sealed class PiiDetectorLongInputTests
{
    // PERF: generous bound for a shared, busy 2-core machine; a quadratic scan of these inputs takes hours.
    private static readonly TimeSpan Budget = TimeSpan.FromSeconds(30);

    [Fact]
    public void Find_EightMegabyteLine_FindsEveryPlantedValue()
    {
        const string filler = "根据本法规定，用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。";
        const string planted = "联系手机13812345678，身份证号110105199003071239，邮箱a.b@example.com。";
        var text = new StringBuilder();
        var count = 0;
        while (text.Length < 4_000_000)
        {
            text.Append(filler).Append(filler).Append(planted);
            count++;
        }

        var timer = Stopwatch.StartNew();
        var matches = PiiDetector.Default.Find(text.ToString());

        Assert.True(timer.Elapsed < Budget, $"{timer.Elapsed}");
        Assert.Equal(3 * count, matches.Count);
    }

    public static TheoryData<string, string> HostileInputs => new()
    {
        { "digits", "1" },
        { "digit groups", "1 " },
        { "dotted digits", "1." },
        { "colons", "a:" },
        { "at signs", "a@" },
        { "local part", "a." },
        { "plus", "+86" },
        { "parentheses", "(010" },
        { "province names", "北京" },
        { "province and unit", "北京市路" },
        { "address cue", "地址：北京市" },
        { "name cue", "姓名：张" },
        { "full-width", "１２３４" },
        { "hex", "fe80:" },
    };

    [Theory]
    [MemberData(nameof(HostileInputs))]
    public void Find_RepeatedPatternOnOneLine_FinishesInLinearTime(string name, string unit)
    {
        var text = string.Concat(Enumerable.Repeat(unit, 4_000_000 / unit.Length));

        var timer = Stopwatch.StartNew();
        _ = PiiDetector.Default.Scan(text);

        Assert.True(timer.Elapsed < Budget, $"{name}: {timer.Elapsed}");
    }
}
