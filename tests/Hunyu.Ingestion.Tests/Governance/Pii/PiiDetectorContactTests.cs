using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

/// <summary>Mobile and landline numbers, e-mail and IP addresses.</summary>
public sealed class PiiDetectorContactTests
{
    [Theory]
    [InlineData("请致电13812345678咨询", "13812345678")]
    [InlineData("手机：138-1234-5678。", "138-1234-5678")]
    [InlineData("手機 138 1234 5678，", "138 1234 5678")]
    [InlineData("call +86 138 1234 5678 now", "+86 138 1234 5678")]
    [InlineData("电话+8613812345678", "+8613812345678")]
    [InlineData("电话：0086-13812345678", "0086-13812345678")]
    [InlineData("電話(+86)19912345678", "(+86)19912345678")]
    [InlineData("联系１３８１２３４５６７８即可", "１３８１２３４５６７８")]
    [InlineData("tel:15900001111", "15900001111")]
    public void Find_MobileForms_ReturnsMobile(string text, string value) =>
        PiiAssert.Single(text, PiiType.MobilePhone, value);

    [Theory]
    [InlineData("号码12812345678")] // 12x is not a mobile prefix
    [InlineData("编号138123456789")] // 12 digits
    [InlineData("流水号2013812345678")] // inside a longer number
    [InlineData("增长了3.13812345678倍")] // decimals
    [InlineData("call +1 415 555 0100")] // a foreign number
    [InlineData("ABC13812345678")] // inside a code
    public void Find_NotAMobile_ReturnsNothing(string text) => PiiAssert.None(text);

    [Fact]
    public void Find_MobileCue_RaisesConfidence()
    {
        var withCue = PiiAssert.Single("手机号码：13812345678", PiiType.MobilePhone, "13812345678");
        var without = PiiAssert.Single("他的号码是13812345678", PiiType.MobilePhone, "13812345678");

        Assert.True(withCue.Confidence > without.Confidence);
    }

    [Theory]
    [InlineData("电话：010-62345678。", "010-62345678")]
    [InlineData("总机(0755)86013388转人工", "(0755)86013388")]
    [InlineData("傳真：（0755）2345678", "（0755）2345678")]
    [InlineData("办公室 021 6437 1234，", "021 6437 1234")]
    [InlineData("分机010-62345678-8001", "010-62345678-8001")]
    [InlineData("热线 0571-8888 6666", "0571-8888 6666")]
    [InlineData("電話：01062345678", "01062345678")]
    [InlineData("tel +86-10-62345678", "+86-10-62345678")]
    public void Find_LandlineForms_ReturnsLandline(string text, string value) =>
        PiiAssert.Single(text, PiiType.Landline, value);

    [Theory]
    [InlineData("编号01062345678")] // no separator and no cue word
    [InlineData("电话：010-12345678")] // local numbers do not start with 0 or 1
    [InlineData("电话：62345678")] // no area code
    [InlineData("区号0123-4567890")] // 01x is only 010
    [InlineData("010-123")] // local number too short
    [InlineData("2019-2020年度")]
    [InlineData("卡号 4435 0982 2547 0259")] // a card number with a wrong Luhn digit holds no landline 0982 2547 0259
    public void Find_NotALandline_ReturnsNothing(string text) => PiiAssert.None(text);

    [Theory]
    [InlineData("邮箱：zhang.san@example.com。", "zhang.san@example.com")]
    [InlineData("Email a.b+tag@mail.corp.example.com.cn.", "a.b+tag@mail.corp.example.com.cn")]
    [InlineData("联系13812345678@qq.com即可", "13812345678@qq.com")]
    [InlineData("<li_si-01@sub.example.org>", "li_si-01@sub.example.org")]
    public void Find_Email_ReturnsEmail(string text, string value) =>
        PiiAssert.Single(text, PiiType.Email, value);

    [Theory]
    [InlineData("user@localhost")]
    [InlineData("a@b.c")]
    [InlineData("x..y@example.com")]
    [InlineData("@example.com")]
    [InlineData("name@-example.com")]
    public void Find_NotAnEmail_ReturnsNothing(string text) => PiiAssert.None(text);

    [Theory]
    [InlineData("服务器IP为192.168.1.10。", "192.168.1.10")]
    [InlineData("from 10.0.0.255:8080", "10.0.0.255")]
    [InlineData("IPv6 2001:0db8:85a3:0000:0000:8a2e:0370:7334 is full", "2001:0db8:85a3:0000:0000:8a2e:0370:7334")]
    [InlineData("地址fe80::1ff:fe23:4567:890a，", "fe80::1ff:fe23:4567:890a")]
    [InlineData("mapped ::ffff: no, 64:ff9b::192.0.2.33 yes", "64:ff9b::192.0.2.33")]
    public void Find_IpAddress_ReturnsIpAddress(string text, string value) =>
        PiiAssert.Single(text, PiiType.IpAddress, value);

    [Theory]
    [InlineData("256.1.1.1")]
    [InlineData("192.168.01.1")] // leading zero
    [InlineData("1.2.3.4.5")]
    [InlineData("版本 1.2.3.4")]
    [InlineData("第1.2.3条")]
    [InlineData("12:30:45")]
    [InlineData("std::map a::b")]
    [InlineData("MAC 00:1A:2B:3C:4D:5E")]
    public void Find_NotAnIpAddress_ReturnsNothing(string text) => PiiAssert.None(text);
}
