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
    [InlineData("申請人黃小明，於2020年提出", "黃小明")]
    [InlineData("姓名：张三在北京工作", "张三")]
    [InlineData("委托代理人郑中华。", "郑中华")]
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
    [InlineData("承租人应当及时通知出租人。")] // a surname-like character in prose
    [InlineData("申请人于2020年提出")]
    [InlineData("行业主管部门")]
    [InlineData("出租人应当银行卡号")] // a field word after prose ends no name
    [InlineData("（一）当事人陈述；")] // 陈 is a surname, 陈述 a verb
    [InlineData("诉讼代理人查阅、摘抄、复制本案案卷材料")]
    [InlineData("诉讼代理人向地址：")] // 向 is a surname, 地址 a form word
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
    [InlineData("上海店位于上海市静安区南京西路1266号恒隆广场", "上海市静安区南京西路1266号")]
    [InlineData("总部在广东省深圳市南山区粤海街道科技园路1号3号楼2单元501室。", "广东省深圳市南山区粤海街道科技园路1号3号楼2单元501室")]
    [InlineData("新疆维吾尔自治区乌鲁木齐市天山区解放北路二十七号", "新疆维吾尔自治区乌鲁木齐市天山区解放北路二十七号")]
    [InlineData("地址：北京市海淀区清华园1号", "北京市海淀区清华园1号")]
    [InlineData("事故发生在深圳市南山区南京东路133号，", "深圳市南山区南京东路133号")] // opened by a city
    [InlineData("1954年黑龙江省合并河南省郑州市金水区学院路354号", "河南省郑州市金水区学院路354号")]
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
    [InlineData("位于中国四川省成都市国学巷的一座医院")] // 一座 is a classifier, not a building number
    [InlineData("新北市境內的由新北市政府捷運工程局負責規劃")]
    public void Find_NoAddress_ReturnsNothing(string text) =>
        Assert.DoesNotContain(PiiDetector.Default.Find(text), m => m.Type == PiiType.Address);
}
