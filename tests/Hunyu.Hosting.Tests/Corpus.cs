namespace Hunyu.Hosting.Tests;

/// <summary>
/// Small Chinese documents in four formats. Each carries a made-up Latin code word that no other document
/// contains, so a search for it must return exactly the passages of that one document.
/// </summary>
internal static class Corpus
{
    public const string MarkdownName = "员工手册.md";
    public const string TextName = "机房说明.txt";
    public const string CsvName = "products.csv";
    public const string JsonLinesName = "corpus.jsonl";

    public const string MarkdownCode = "zqleavealpha";
    public const string TextCode = "zqroombeta";
    public const string CsvCode = "zqlockgamma";
    public const string JsonLinesCode1 = "zqlawdelta";
    public const string JsonLinesCode2 = "zqlawepsilon";
    public const string JsonLinesCode3 = "zqlawzeta";

    /// <summary>Documents the four files hold: one Markdown, one text, two CSV rows, three JSON lines.</summary>
    public const int DocumentCount = 7;

    public const string Markdown =
        $"""
        # 员工手册

        ## 年假制度

        员工入职满一年后，每年享有十五天带薪年假。年假须提前两周向直属主管申请，编号 {MarkdownCode} 。

        ## 报销流程

        差旅费用须在出差结束后三十日内提交报销单，并附上原始发票。
        """;

    public const string Text =
        $"""
        机房说明

        数据中心位于杭州滨江。机房温度常年保持在二十二摄氏度，编号 {TextCode} 。

        进入机房须登记并佩戴访客证，禁止携带液体。
        """;

    public const string Csv =
        $"""
        id,title,text
        p1,智能门锁,智能门锁支持指纹和密码两种解锁方式 {CsvCode}
        p2,扫地机器人,扫地机器人电量不足时自动返回充电座
        """;

    public const string JsonLines =
        $$"""
        {"id": "law-1", "title": "劳动合同法 第十条", "text": "建立劳动关系，应当订立书面劳动合同。编号 {{JsonLinesCode1}}"}
        {"id": "law-2", "title": "劳动合同法 第十二条", "text": "劳动合同分为固定期限劳动合同和无固定期限劳动合同。编号 {{JsonLinesCode2}}"}
        {"id": "law-3", "title": "劳动合同法 第十九条", "text": "劳动合同期限三个月以上不满一年的，试用期不得超过一个月。编号 {{JsonLinesCode3}}"}
        """;

    /// <summary>Writes the four files into the test's source folder.</summary>
    public static void WriteAll(TestFolder folder)
    {
        folder.Write(MarkdownName, Markdown);
        folder.Write(TextName, Text);
        folder.Write(CsvName, Csv);
        folder.Write(JsonLinesName, JsonLines);
    }
}
