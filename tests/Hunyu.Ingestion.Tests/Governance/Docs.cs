using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Tests.Governance;

/// <summary>Builds parsed documents for the governance tests.</summary>
internal static class Docs
{
    /// <summary>Real statute text (PRC Labour Contract Law, public domain), for documents that must pass every filter.</summary>
    public static readonly string[] Statutes =
    [
        "为了完善劳动合同制度，明确劳动合同双方当事人的权利和义务，保护劳动者的合法权益，构建和发展和谐稳定的劳动关系，制定本法。",
        "中华人民共和国境内的企业、个体经济组织、民办非企业单位等组织与劳动者建立劳动关系，订立、履行、变更、解除或者终止劳动合同，适用本法。",
        "订立劳动合同，应当遵循合法、公平、平等自愿、协商一致、诚实信用的原则。依法订立的劳动合同具有约束力，用人单位与劳动者应当履行劳动合同约定的义务。",
        "用人单位应当依法建立和完善劳动规章制度，保障劳动者享有劳动权利、履行劳动义务。用人单位在制定、修改或者决定有关劳动报酬、工作时间、休息休假、劳动安全卫生、保险福利、职工培训、劳动纪律以及劳动定额管理等直接涉及劳动者切身利益的规章制度或者重大事项时，应当经职工代表大会或者全体职工讨论，提出方案和意见，与工会或者职工代表平等协商确定。",
        "县级以上人民政府劳动行政部门会同工会和企业方面代表，建立健全协调劳动关系三方机制，共同研究解决有关劳动关系的重大问题。",
        "工会应当帮助、指导劳动者与用人单位依法订立和履行劳动合同，并与用人单位建立集体协商机制，维护劳动者的合法权益。",
        "用人单位自用工之日起即与劳动者建立劳动关系。用人单位应当建立职工名册备查。",
        "用人单位招用劳动者时，应当如实告知劳动者工作内容、工作条件、工作地点、职业危害、安全生产状况、劳动报酬，以及劳动者要求了解的其他情况；用人单位有权了解劳动者与劳动合同直接相关的基本情况，劳动者应当如实说明。",
    ];

    public static ParsedDocument Of(params string[] paragraphs) => Titled("title", paragraphs);

    public static ParsedDocument Titled(string title, params string[] paragraphs) =>
        new(null, title, [.. paragraphs.Select(text => new TextBlock(BlockKind.Paragraph, text))], new Dictionary<string, string>());

    public static ParsedDocument Html(params string[] paragraphs) =>
        new(null, "page", [.. paragraphs.Select(text => new TextBlock(BlockKind.Paragraph, text))], new Dictionary<string, string> { ["format"] = "html" });

    public static ParsedDocument Paged(params (int Page, string Text)[] blocks) =>
        new(null, "report.pdf", [.. blocks.Select(b => new TextBlock(BlockKind.Paragraph, b.Text, Page: b.Page))], new Dictionary<string, string> { ["format"] = "pdf" });

}
