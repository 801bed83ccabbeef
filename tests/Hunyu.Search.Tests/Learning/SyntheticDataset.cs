using System.Text.Json;

namespace Hunyu.Search.Tests.Learning;

/// <summary>
/// A tiny BEIR dataset in a temp folder: statute-like articles and lay questions that share no word with the
/// article that answers them ("炒鱿鱼" for 解除劳动合同), so only a learned mapping can connect them.
/// </summary>
internal sealed class SyntheticDataset : IDisposable
{
    public static readonly (string Id, string Title, string Text)[] Articles =
    [
        ("labour", "劳动合同法 第四十六条", "用人单位解除劳动合同的，应当向劳动者支付经济补偿。"),
        ("lease", "民法典 第七百二十一条", "承租人应当按照约定的期限支付租金。"),
        ("traffic", "道路交通安全法 第七十六条", "机动车发生交通事故造成人身伤亡、财产损失的，由保险公司在责任限额范围内予以赔偿。"),
        ("marriage", "民法典 第一千零七十九条", "夫妻一方要求离婚的，可以由有关组织进行调解或者直接向人民法院提起离婚诉讼。"),
        ("inherit", "民法典 第一千一百二十七条", "遗产按照下列顺序继承：第一顺序为配偶、子女、父母。"),
        ("consumer", "消费者权益保护法 第二十四条", "经营者提供的商品或者服务不符合质量要求的，消费者可以要求退货。"),
        ("probation", "劳动合同法 第十九条", "劳动合同期限三个月以上不满一年的，试用期不得超过一个月。"),
        ("loan", "民法典 第六百八十条", "禁止高利放贷，借款的利率不得违反国家有关规定。"),
    ];

    public static readonly (string Id, string Text, string Relevant)[] Questions =
    [
        ("q1", "老板把我炒鱿鱼了能拿钱吗", "labour"),
        ("q2", "被公司炒鱿鱼有没有钱拿", "labour"),
        ("q3", "炒鱿鱼以后老板要给钱吗", "labour"),
        ("q4", "房东催我交房租怎么办", "lease"),
        ("q5", "欠房东的房租要交吗", "lease"),
        ("q6", "房租晚交几天房东会怎样", "lease"),
        ("q7", "开车撞了人谁来赔钱", "traffic"),
        ("q8", "撞车以后谁赔钱", "traffic"),
        ("q9", "我想跟老公分开怎么办手续", "marriage"),
        ("q10", "老公不同意分开怎么办", "marriage"),
        ("q11", "爸爸走了留下的房子归谁", "inherit"),
        ("q12", "买到坏东西能退吗", "consumer"),
    ];

    public SyntheticDataset(IEnumerable<(string Id, string Text, string Relevant)>? questions = null, string? qrels = null)
    {
        var list = (questions ?? Questions).ToList();
        Write("corpus.jsonl", string.Join('\n', Articles.Select(a => JsonSerializer.Serialize(new { _id = a.Id, title = a.Title, text = a.Text }))));
        Write("queries.jsonl", string.Join('\n', list.Select(q => JsonSerializer.Serialize(new { _id = q.Id, text = q.Text }))));
        Write("qrels.tsv", qrels ?? "query-id\tcorpus-id\tscore\n" + string.Concat(list.Select(q => $"{q.Id}\t{q.Relevant}\t1\n")));
    }

    public DirectoryInfo Folder { get; } = Directory.CreateTempSubdirectory("hunyu-learn-");

    public string Path => Folder.FullName;

    public void Write(string name, string content) => File.WriteAllText(System.IO.Path.Combine(Folder.FullName, name), content);

    public void Delete(string name) => File.Delete(System.IO.Path.Combine(Folder.FullName, name));

    public void Dispose() => Folder.Delete(recursive: true);
}
