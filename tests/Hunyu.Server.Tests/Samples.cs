using System.Text;

namespace Hunyu.Server.Tests;

/// <summary>Small Chinese documents the tests upload.</summary>
internal static class Samples
{
    public const string HandbookName = "员工手册.md";

    public const string NotesName = "机房说明.txt";

    public static readonly byte[] Handbook = Encoding.UTF8.GetBytes(
        """
        # 员工手册

        ## 年假制度

        员工入职满一年后，每年享有十五天带薪年假。年假须提前两周向直属主管申请，未休年假可顺延至次年三月底。

        ## 报销流程

        差旅费用须在出差结束后三十日内提交报销单，并附上原始发票。报销由财务部在十个工作日内审核。
        """);

    public static readonly byte[] Notes = Encoding.UTF8.GetBytes(
        "数据中心位于杭州滨江。机房温度常年保持在二十二摄氏度，湿度保持在百分之四十五。\n" +
        "进入机房须登记并佩戴访客证，禁止携带液体。\n");

    /// <summary>Bytes that are no document at all: a PNG signature then seeded random bytes.</summary>
    public static byte[] Junk(int seed = 20_240_601)
    {
        var bytes = new byte[4096];
        new Random(seed).NextBytes(bytes);
        byte[] png = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];
        png.CopyTo(bytes, 0);
        return bytes;
    }
}
