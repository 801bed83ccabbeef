using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

public sealed class PiiMaskerTests
{
    [Theory]
    [InlineData("身份证号：110105199003071239。", "身份证号：110105********1239。")]
    [InlineData("身份证：11010519491231002X", "身份证：110105********002X")]
    [InlineData("手机13812345678", "手机138****5678")]
    [InlineData("手机 138-1234-5678", "手机 138-****-5678")]
    [InlineData("call +86 138 1234 5678", "call +86 138 **** 5678")]
    [InlineData("电话：010-62345678", "电话：010-****5678")]
    [InlineData("总机(0755)86013388", "总机(0755)****3388")]
    [InlineData("邮箱 alice@example.com", "邮箱 a****@example.com")]
    [InlineData("卡号6222021234567890128", "卡号622202*********0128")]
    [InlineData("卡号 6222 0212 3456 7890 128", "卡号 6222 02** **** ***0 128")]
    [InlineData("代码91350100M000100Y43", "代码91350100*********3")]
    [InlineData("护照E12345678", "护照E*****678")]
    [InlineData("IP 192.168.1.10", "IP 192.168.*.**")]
    [InlineData("身份證A123456(3)", "身份證A******(3)")]
    [InlineData("证件１１０１０５１９９００３０７１２３９", "证件１１０１０５********１２３９")]
    public void Apply_DefaultPolicy_MasksMiddleKeepingPrefixAndSuffix(string text, string expected)
    {
        var result = PiiMasker.Apply(text, PiiDetector.Default.Find(text), PiiPolicy.Default);

        Assert.Equal(expected, result.Text);
        Assert.Equal(text.Length, result.Text.Length);
        Assert.Equal(1, result.Masked);
        Assert.False(result.DropChunk);
        Assert.False(result.FlagDocument);
    }

    [Fact]
    public void Apply_NamesAndAddressesByDefault_FlagDocumentAndKeepText()
    {
        const string text = "姓名：张三，地址：北京市海淀区中关村大街27号";

        var result = PiiMasker.Apply(text, PiiDetector.Default.Find(text), PiiPolicy.Default);

        Assert.Same(text, result.Text);
        Assert.True(result.FlagDocument);
        Assert.Equal(new HashSet<PiiType> { PiiType.PersonName, PiiType.Address }, result.FlagDocumentTypes);
        Assert.Equal(0, result.Masked);
    }

    [Fact]
    public void Apply_MaskedNameAndAddress_KeepSurnameAndRegion()
    {
        const string text = "姓名：欧阳娜娜，地址：北京市海淀区中关村大街27号";
        var policy = PiiPolicy.Default.With(PiiType.PersonName, PiiAction.Mask).With(PiiType.Address, PiiAction.Mask);

        var result = PiiMasker.Apply(text, PiiDetector.Default.Find(text), policy);

        Assert.Equal("姓名：欧阳**，地址：北京市海淀区********", result.Text);
    }

    [Fact]
    public void Apply_DropChunkPolicy_AsksToDropAndStillMasks()
    {
        const string text = "卡号6222021234567890128";
        var policy = PiiPolicy.Default.With(PiiType.BankCard, PiiAction.DropChunk);

        var result = PiiMasker.Apply(text, PiiDetector.Default.Find(text), policy);

        Assert.True(result.DropChunk);
        Assert.Equal([PiiType.BankCard], result.DropChunkTypes);
        Assert.DoesNotContain("6222021234567890128", result.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_KeepPolicy_ReturnsSameText()
    {
        const string text = "手机13812345678";

        var result = PiiMasker.Apply(text, PiiDetector.Default.Find(text), PiiPolicy.Default.With(PiiType.MobilePhone, PiiAction.Keep));

        Assert.Same(text, result.Text);
        Assert.Equal(0, result.Masked);
    }

    [Fact]
    public void Apply_BelowMinimumConfidence_Keeps()
    {
        const string text = "他的号码是13812345678";
        var policy = PiiPolicy.Default.WithMinimumConfidence(0.95);

        var result = PiiMasker.Apply(text, PiiDetector.Default.Find(text), policy);

        Assert.Same(text, result.Text);
    }

    [Fact]
    public void Apply_MaskedText_KeepsOffsetsOfLaterMatches()
    {
        const string text = "手机13812345678，邮箱zhang.san@example.com，卡号6222021234567890128";
        var before = PiiDetector.Default.Find(text);

        var masked = PiiMasker.Apply(text, before, PiiPolicy.Default).Text;

        Assert.Equal(text.Length, masked.Length);
        Assert.All(before, m => Assert.Equal(text[(m.Start - 2)..m.Start], masked[(m.Start - 2)..m.Start]));
        Assert.Empty(PiiDetector.Default.Find(masked));
    }

    [Theory]
    [InlineData(5, 3)]
    [InlineData(0, 100)]
    public void Apply_InvalidMatch_Throws(int start, int end) =>
        Assert.Throws<ArgumentException>(() => PiiMasker.Apply("手机13812345678", [new PiiMatch(PiiType.MobilePhone, start, end, 1)], PiiPolicy.Default));

    [Fact]
    public void Apply_OverlappingMatches_Throws()
    {
        PiiMatch[] matches = [new(PiiType.MobilePhone, 2, 13, 1), new(PiiType.BankCard, 10, 13, 1)];

        Assert.Throws<ArgumentException>(() => PiiMasker.Apply("手机13812345678", matches, PiiPolicy.Default));
    }

    [Fact]
    public void Mask_SurrogatePairAtTheBoundary_LeavesNoLoneSurrogate()
    {
        // U+20000 (a CJK extension B character) straddles the 6-character prefix an address keeps.
        var masked = PiiMasker.Mask("北京市海淀\U00020000区中关村大街27号", PiiType.Address);

        Assert.Equal("北京市海淀**********", masked[..15]);
        Assert.DoesNotContain(masked, char.IsSurrogate);
    }

    [Fact]
    public void Mask_ShortValue_NeverShowsItWhole() =>
        Assert.Contains(PiiMasker.MaskChar, PiiMasker.Mask("a@b.cn", PiiType.Email) + PiiMasker.Mask("1.2.3.4", PiiType.IpAddress) + PiiMasker.Mask("王五", PiiType.PersonName));
}
