using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

/// <summary>Checksummed identifiers: resident IDs, bank cards, credit codes, Hong Kong and Taiwan IDs, passports.</summary>
public sealed class PiiDetectorIdentifierTests
{
    [Fact]
    public void Find_ValidResidentId_ReturnsItsOffsets()
    {
        const string text = "身份证号：110105199003071239。";

        var match = PiiAssert.Single(text, PiiType.ResidentId, "110105199003071239");

        Assert.Equal((5, 23), (match.Start, match.End));
        Assert.True(match.Confidence >= 0.95);
    }

    [Theory]
    [InlineData("公民身份号码11010519491231002X，", "11010519491231002X")]
    [InlineData("身份證字號11010519491231002x。", "11010519491231002x")]
    [InlineData("证件：１１０１０５１９９００３０７１２３９", "１１０１０５１９９００３０７１２３９")]
    [InlineData("ID 110105 19900307 1239 on file", "110105 19900307 1239")]
    [InlineData("(110105199003071239)", "110105199003071239")]
    public void Find_ResidentIdForms_ReturnsResidentId(string text, string value) =>
        PiiAssert.Single(text, PiiType.ResidentId, value);

    [Fact]
    public void Scan_ResidentIdWithWrongCheckDigit_IsNotPiiButANearMiss()
    {
        const string text = "身份证号：110105199003071238。";

        var result = PiiDetector.Default.Scan(text);

        Assert.Empty(result.Matches);
        Assert.Equal(new PiiNearMiss(PiiType.ResidentId, 5, 23), Assert.Single(result.NearMisses));
    }

    [Theory]
    [InlineData("编号1110105199003071239号")] // inside a longer number
    [InlineData("编号110105199003071239０号")] // full-width digit continues it
    [InlineData("SN:A110105199003071239")] // inside a serial number
    [InlineData("hash 110105199003071239ab")]
    [InlineData("比值为0.110105199003071239")] // the decimals of a number
    [InlineData("身份证号：110105190002291234")] // 1900-02-29 does not exist
    public void Find_ResidentIdNotBoundedOrImpossible_ReturnsNothing(string text) => PiiAssert.None(text);

    [Theory]
    [InlineData("银行卡号：6222021234567890128，", "6222021234567890128")]
    [InlineData("卡號 6222 0212 3456 7890 128 請核對", "6222 0212 3456 7890 128")]
    [InlineData("Visa 4111-1111-1111-1111 expires", "4111-1111-1111-1111")]
    [InlineData("Mastercard 5555555555554444.", "5555555555554444")]
    [InlineData("Amex 3782 822463 10005", "3782 822463 10005")]
    [InlineData("卡号：６２２８４８００１２３４５６７１", "６２２８４８００１２３４５６７１")]
    public void Find_BankCardForms_ReturnsBankCard(string text, string value) =>
        PiiAssert.Single(text, PiiType.BankCard, value);

    [Theory]
    [InlineData("银行卡号：6222021234567890127，")] // Luhn fails
    [InlineData("订单号1234567812345670")] // Luhn holds, but no issuer prefix 1
    [InlineData("流水号62220212345678901280")] // 20 digits
    [InlineData("卡号 6224 4915 6214 0648 110")] // 19 digits fail Luhn; the first 16 passing it is chance
    public void Find_NumberThatIsNoCard_ReturnsNothing(string text) => PiiAssert.None(text);

    [Fact]
    public void Scan_GroupedCardWithWrongLuhnDigit_IsANearMiss()
    {
        var result = PiiDetector.Default.Scan("卡号 6222 0212 3456 7890 127");

        Assert.Empty(result.Matches);
        Assert.Equal(PiiType.BankCard, Assert.Single(result.NearMisses).Type);
    }

    [Fact]
    public void Find_IdShapedNumberWithWrongCheck_IsNotReadAsCard()
    {
        // 62 is Gansu and also UnionPay; the check digit is wrong for the ID but happens to satisfy Luhn.
        var digits = Enumerable.Range(0, 10).Select(d => $"62010219900307123{d}").First(n =>
            ResidentIdCheck.Check(n) == CheckOutcome.Failed && BankCardCheck.Check(n) == CheckOutcome.Passed);

        PiiAssert.None($"号码{digits}。");
    }

    [Theory]
    [InlineData("统一社会信用代码：91350100M000100Y43。", "91350100M000100Y43")]
    [InlineData("統一社會信用代碼91110108MA01ABCD1E，", "91110108MA01ABCD1E")]
    [InlineData("code 91350100m000100y43", "91350100m000100y43")]
    public void Find_CreditCode_ReturnsCreditCode(string text, string value) =>
        PiiAssert.Single(text, PiiType.UnifiedSocialCreditCode, value);

    [Fact]
    public void Scan_CreditCodeWithWrongCheck_IsANearMiss()
    {
        var result = PiiDetector.Default.Scan("代码91350100M000100Y44");

        Assert.Empty(result.Matches);
        Assert.Equal(PiiType.UnifiedSocialCreditCode, Assert.Single(result.NearMisses).Type);
    }

    [Theory]
    [InlineData("香港身份證號碼A123456(3)。", "A123456(3)")]
    [InlineData("HKID: A123456（3）", "A123456（3）")]
    [InlineData("香港身份證A1234563", "A1234563")]
    [InlineData("护照及香港身份證A123456(3)", "A123456(3)")] // the parenthesised check character beats a passport cue
    public void Find_HongKongId_ReturnsHongKongId(string text, string value) =>
        PiiAssert.Single(text, PiiType.HongKongId, value);

    [Fact]
    public void Find_HongKongIdWrongCheck_ReturnsNothing() => PiiAssert.None("身份證A123456(4)");

    [Fact]
    public void Find_TaiwanId_ReturnsTaiwanId() => PiiAssert.Single("身分證字號：A123456789。", PiiType.TaiwanId, "A123456789");

    [Fact]
    public void Find_TaiwanIdWrongCheck_ReturnsNothing() => PiiAssert.None("身分證字號：A123456788。");

    [Theory]
    [InlineData("护照号码：E12345678。", "E12345678")]
    [InlineData("護照號碼EA1234567", "EA1234567")]
    [InlineData("持G12345678入境", "G12345678")]
    [InlineData("往来港澳通行证C12345678", "C12345678")]
    [InlineData("passport no. K1234567", "K1234567")]
    [InlineData("香港特别行政区护照号码：ES7539500", "ES7539500")] // also shaped like a Hong Kong ID; the passport cue decides
    public void Find_Passport_ReturnsPassport(string text, string value) =>
        PiiAssert.Single(text, PiiType.Passport, value);

    [Fact]
    public void Find_PassportCue_RaisesConfidence()
    {
        var withCue = PiiAssert.Single("护照号码：E12345678", PiiType.Passport, "E12345678");
        var without = PiiAssert.Single("编号E12345678", PiiType.Passport, "E12345678");

        Assert.True(withCue.Confidence > without.Confidence);
    }

    [Theory]
    [InlineData("型号C12345678")] // C + 8 digits needs a cue word
    [InlineData("编号E1234567")] // E + 7 digits, no cue word
    [InlineData("批号AE12345678")]
    public void Find_NotAPassport_ReturnsNothing(string text) => PiiAssert.None(text);
}
