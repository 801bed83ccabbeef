using Hunyu.Ingestion.Governance.Pii;

namespace Hunyu.Ingestion.Tests.Governance.Pii;

/// <summary>Chinese names and addresses next to cue words, in Simplified and Traditional script.</summary>
public sealed class PiiDetectorChineseTests
{
    [Theory]
    [InlineData("姓名：张三，性别：男", "张三")]
    [InlineData("姓名：张三性别：男", "张三")]
    [InlineData("联系人：欧阳娜娜 13812345678", "欧阳娜娜")]
    [InlineData("聯絡人：陳大文。", "陳大文")]
    [InlineData("申請人黃小明於2020年提出", "黃小明")]
    [InlineData("收件人: 王芳\n", "王芳")]
    [InlineData("原告李建国，男，汉族", "李建国")]
    public void Find_NameAfterCue_ReturnsPersonName(string text, string value)
    {
        var match = Assert.Single(PiiDetector.Default.Find(text), m => m.Type == PiiType.PersonName);

        Assert.Equal(value, text[match.Start..match.End]);
        Assert.True(match.Confidence < 0.9);
    }

    [Theory]
    [InlineData("申请人应当提交书面材料。")]
    [InlineData("当事人向人民法院提起诉讼。")]
    [InlineData("被告人李某，男。")] // anonymised
    [InlineData("原告方面认为")]
    [InlineData("姓名：")]
    [InlineData("张三丰是武当派创始人")] // no cue word
    public void Find_NoNameAfterCue_ReturnsNothing(string text) =>
        Assert.DoesNotContain(PiiDetector.Default.Find(text), m => m.Type == PiiType.PersonName);

    [Theory]
    [InlineData("地址：北京市海淀区中关村大街27号，邮编100080", "北京市海淀区中关村大街27号")]
    [InlineData("住址：臺北市大安區羅斯福路四段1號。", "臺北市大安區羅斯福路四段1號")]
    [InlineData("通讯地址：广东省深圳市南山区科技园路1号3栋201室 电话", "广东省深圳市南山区科技园路1号3栋201室")]
    [InlineData("地址：上海市徐汇区", "上海市徐汇区")]
    [InlineData("他家住浙江省杭州市西湖区文三路90号", "浙江省杭州市西湖区文三路90号")]
    [InlineData("公司位于江苏省南京市玄武区中山路18号。", "江苏省南京市玄武区中山路18号")]
    [InlineData("寄到廣東省廣州市天河區天河路385號即可", "廣東省廣州市天河區天河路385號")]
    public void Find_Address_ReturnsAddress(string text, string value)
    {
        var match = Assert.Single(PiiDetector.Default.Find(text), m => m.Type == PiiType.Address);

        Assert.Equal(value, text[match.Start..match.End]);
        Assert.True(match.Confidence < 0.9);
    }

    [Theory]
    [InlineData("北京市人民代表大会常务委员会第5号公告")] // no street
    [InlineData("被告住所地人民法院管辖")]
    [InlineData("上海是中国的经济中心，人口2400万。")]
    [InlineData("广州北京路1号")] // a province name, but no administrative unit after it
    [InlineData("地址：不详")]
    public void Find_NoAddress_ReturnsNothing(string text) =>
        Assert.DoesNotContain(PiiDetector.Default.Find(text), m => m.Type == PiiType.Address);
}
