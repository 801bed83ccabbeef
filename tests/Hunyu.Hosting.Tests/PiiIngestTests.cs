using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Configuration;
using Hunyu.Ingestion.Jobs;
using Microsoft.Extensions.Configuration;

namespace Hunyu.Hosting.Tests;

/// <summary>Personal data is masked before it is indexed, and a document naming a person is flagged sensitive.</summary>
public sealed class PiiIngestTests
{
    private const string ResidentId = "11010519491231002X";

    [Fact]
    public async Task IngestAsync_DocumentWithIdAndName_IndexesMaskedTextAndFlagsIt()
    {
        using var folder = new TestFolder();
        folder.Write("contact.md", $"# 客户档案\n\n联系人：王小明，身份证号{ResidentId}，手机13812345678，负责 zqpiicase 项目。");
        using var knowledge = KnowledgeBase.Open(folder.Data, HunyuConfiguration.Options(new ConfigurationBuilder().Build()));

        var result = await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "crm" });
        var hit = Assert.Single((await knowledge.SearchAsync(new SearchRequest { Query = "zqpiicase", Principal = Principal.LocalAdmin })).Hits);

        Assert.DoesNotContain(ResidentId, hit.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("13812345678", hit.Text, StringComparison.Ordinal);
        Assert.Contains("110105********002X", hit.Text, StringComparison.Ordinal);
        Assert.True(hit.Sensitive);
        Assert.Contains(result.Governance.Pii, p => p.Type == "resident_id");
    }

    [Fact]
    public async Task IngestAsync_PiiTurnedOff_KeepsTheText()
    {
        using var folder = new TestFolder();
        folder.Write("contact.md", $"# 档案\n\n身份证号{ResidentId}，负责 zqpiicase 项目。");
        var settings = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { [HunyuConfiguration.PiiEnabledKey] = "false" }).Build();
        using var knowledge = KnowledgeBase.Open(folder.Data, HunyuConfiguration.Options(settings));

        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "crm" });
        var hit = Assert.Single((await knowledge.SearchAsync(new SearchRequest { Query = "zqpiicase", Principal = Principal.LocalAdmin })).Hits);

        Assert.Contains(ResidentId, hit.Text, StringComparison.Ordinal);
    }
}
