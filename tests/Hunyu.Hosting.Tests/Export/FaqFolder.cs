namespace Hunyu.Hosting.Tests.Export;

/// <summary>A small FAQ knowledge folder in three formats, with PII in its source text.</summary>
internal static class FaqFolder
{
    /// <summary>A valid resident ID (checksum X): must never appear in an export.</summary>
    public const string ResidentId = "11010519491231002X";

    /// <summary>A mobile number: must never appear in an export.</summary>
    public const string Mobile = "13812345678";

    public const string Domain = "faq";

    /// <summary>Documents the folder holds: one Markdown file, two CSV rows, two JSON Lines records.</summary>
    public const int Documents = 5;

    public static void Write(TestFolder folder)
    {
        folder.Write("handbook-faq.md", $"""
            # 员工常见问题

            ## 年假有几天？

            入职满一年的员工每年有五天带薪年假。满十年的有十天。

            ## 报销

            问：差旅报销需要什么材料？
            答：需要发票和审批单。联系人手机 {Mobile}。

            问：报销多久到账？答：一般五个工作日内到账。

            ## Accounts

            Q: Who approves leave?
            A: Your line manager approves leave requests.
            """);
        folder.Write("table.csv", $"""
            question,answer,category
            如何申请加班费？,在系统中提交加班申请并由主管审批。身份证号{ResidentId}用于核验。,薪酬
            What is the dress code?,Business casual on weekdays.,policy
            """);
        folder.Write("records.jsonl", """
            {"id":"r1","title":"门禁卡补办流程","text":"门禁卡丢失后请到前台补办，费用二十元。"}
            {"id":"r2","title":"地下停车场","text":"停车场在地下二层，员工免费停车。"}
            """);
    }

    public static async Task<KnowledgeBase> IngestAsync(TestFolder folder, KnowledgeBaseOptions? options = null)
    {
        Write(folder);
        var knowledge = KnowledgeBase.Open(folder.Data, options);
        var result = await knowledge.IngestAsync(new Ingestion.Jobs.IngestionRequest { Path = folder.Source, Domain = Domain });
        Assert.Empty(result.Report.Failed);
        return knowledge;
    }
}
