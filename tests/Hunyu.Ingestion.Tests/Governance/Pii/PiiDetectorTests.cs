using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

/// <summary>Ordering, overlap, type selection and the API surface.</summary>
public sealed class PiiDetectorTests
{
    private const string Form =
        "姓名：张三，身份证号：110105199003071239，手机：138-1234-5678，邮箱：zhang.san@example.com，" +
        "银行卡：6222021234567890128，地址：北京市海淀区中关村大街27号，登录IP：192.168.1.10。";

    [Fact]
    public void Find_FormWithEveryField_ReturnsOrderedMatches()
    {
        Assert.Equal(
            [
                (PiiType.PersonName, "张三"),
                (PiiType.ResidentId, "110105199003071239"),
                (PiiType.MobilePhone, "138-1234-5678"),
                (PiiType.Email, "zhang.san@example.com"),
                (PiiType.BankCard, "6222021234567890128"),
                (PiiType.Address, "北京市海淀区中关村大街27号"),
                (PiiType.IpAddress, "192.168.1.10"),
            ],
            PiiAssert.Found(Form));
    }

    [Fact]
    public void Find_TraditionalForm_ReturnsOrderedMatches()
    {
        const string text = "聯絡人：陳大文，電話：(0755)2345-6789，身份證字號A123456789，住址：臺北市信義區市府路1號。";

        Assert.Equal(
            [
                (PiiType.PersonName, "陳大文"),
                (PiiType.Landline, "(0755)2345-6789"),
                (PiiType.TaiwanId, "A123456789"),
                (PiiType.Address, "臺北市信義區市府路1號"),
            ],
            PiiAssert.Found(text));
    }

    [Fact]
    public void Find_AnyText_MatchesAreOrderedAndDisjoint()
    {
        var text = string.Concat(Enumerable.Repeat(Form + "地址：北京市朝阳区建国路88号13812345678@qq.com ", 50));

        var matches = PiiDetector.Default.Find(text);

        Assert.Equal(50 * 9, matches.Count);
        Assert.All(matches.Zip(matches.Skip(1)), pair => Assert.True(pair.First.End <= pair.Second.Start));
    }

    [Fact]
    public void Find_Span_EqualsFindString()
    {
        Assert.Equal(PiiDetector.Default.Find(Form), PiiDetector.Default.Find(Form.AsSpan()));
        Assert.Equal(PiiDetector.Default.Find(Form), PiiDetector.Default.Scan(Form).Matches);
    }

    [Fact]
    public void Find_SelectedTypes_ReportsOnlyThose()
    {
        var detector = new PiiDetector([PiiType.Email, PiiType.BankCard]);

        Assert.Equal([PiiType.Email, PiiType.BankCard], detector.Find(Form).Select(m => m.Type));
        Assert.Equal([PiiType.Email, PiiType.BankCard], detector.Types);
    }

    [Fact]
    public void Find_DisabledType_IsNotReportedAsAnotherType()
    {
        // A valid resident ID of Gansu (62) is shaped like a UnionPay card too.
        var id = "62010219900307123" + ResidentIdCheck.CheckCharacter("62010219900307123");
        var detector = new PiiDetector([PiiType.BankCard]);

        Assert.Empty(detector.Find($"身份证{id}"));
    }

    [Fact]
    public void Constructor_UndefinedType_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PiiDetector([(PiiType)99]));

    [Fact]
    public void Find_Null_Throws() => Assert.Throws<ArgumentNullException>(() => PiiDetector.Default.Find((string)null!));

    [Theory]
    [InlineData("")]
    [InlineData("纯中文文本，没有任何个人信息。")]
    [InlineData("The quick brown fox jumps over the lazy dog.")]
    [InlineData("2024年1月1日起施行，第12条第3款。")]
    public void Find_TextWithoutPii_ReturnsNothing(string text) => PiiAssert.None(text);
}
