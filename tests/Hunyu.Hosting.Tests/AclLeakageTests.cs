using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// The randomized leakage test at suite size (the benchmark runs it at full size): random users, groups, document ACLs
/// and administrators' rules; every search, count, answer and read by id must show exactly what an independent oracle
/// says the principal may see — the administrator's results with the forbidden ones removed, in the same order.
/// </summary>
public sealed class AclLeakageTests
{
    private const int Seed = 20261129;
    private const int Users = 16;
    private static readonly (int Domain, int Source, int Document) RuleTargets = (1, 1, 1);
    private static readonly string[] Vocabulary = ["合同", "报销", "差旅", "采购", "绩效", "薪酬", "招聘", "培训", "预算", "审计", "安全", "保密", "考勤", "福利", "税务", "发票"];
    private static readonly string[] Groups = ["hr", "finance", "sales", "legal", "it", "ops"];
    private static readonly string[] Domains = ["corp", "finance", "legal"];

    [Fact]
    public async Task Search_Ask_AndReadById_NeverShowWhatTheOracleForbids()
    {
        var random = new Random(Seed);
        using var folder = new TestFolder();
        using var knowledge = KnowledgeBase.Open(folder.Data);
        var world = await BuildAsync(knowledge, folder, random);
        var principals = Enumerable.Range(0, Users).Select(i => new Principal($"u{i}", [.. Groups.Where(_ => random.Next(3) == 0)])).ToList();

        await CheckAsync(knowledge, world, principals, random, queries: 25);

        // Rules change; the next searches must follow at once.
        for (var i = 0; i < 12; i++)
        {
            await world.SetRandomRuleAsync(knowledge, random, RuleTargets);
        }

        await CheckAsync(knowledge, world, principals, random, queries: 25);
    }

    private static async Task CheckAsync(KnowledgeBase knowledge, AclWorld world, List<Principal> principals, Random random, int queries)
    {
        for (var q = 0; q < queries; q++)
        {
            var query = string.Join(' ', Enumerable.Range(0, 1 + random.Next(2)).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
            var all = await knowledge.SearchAsync(new SearchRequest { Query = query, Principal = Principal.LocalAdmin, Limit = 500 });
            foreach (var principal in principals)
            {
                var seen = await knowledge.SearchAsync(new SearchRequest { Query = query, Principal = principal, Limit = 500 });
                var expected = all.Hits.Where(h => world.Permits(h.DocumentId, principal)).Select(h => h.CitationId).ToList();

                Assert.Equal(expected, seen.Hits.Select(h => h.CitationId).ToList());
                Assert.Equal(expected.Count, seen.TotalHits);
            }

            var asker = principals[random.Next(principals.Count)];
            var answer = await knowledge.AskAsync(new SearchRequest { Query = query + "是什么", Principal = asker });
            Assert.All(answer.Answer.Citations, c => Assert.True(world.Permits(c.DocumentId, asker), $"{asker.UserId} was cited {c.DocumentId}"));

            var id = world.DocumentIds[random.Next(world.DocumentIds.Count)];
            var reader = principals[random.Next(principals.Count)];
            Assert.Equal(world.Permits(id, reader), await knowledge.GetDocumentAsync(id, reader) is not null);
        }
    }

    private static async Task<AclWorld> BuildAsync(KnowledgeBase knowledge, TestFolder folder, Random random)
    {
        var world = new AclWorld(Users, Groups);
        foreach (var domain in Domains)
        {
            for (var s = 0; s < 3; s++)
            {
                var path = Path.Combine(domain, $"source{s}");
                for (var d = 0; d < 8; d++)
                {
                    var words = string.Join('，', Enumerable.Range(0, 4).Select(_ => Vocabulary[random.Next(Vocabulary.Length)]));
                    folder.Write(Path.Combine(path, $"doc{d}.txt"), $"{domain} 制度 {s}-{d}\n\n本制度涉及{words}等事项，由相关部门负责解释。");
                }

                await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, path), Domain = domain, Acl = world.RandomAcl(random) });
            }
        }

        foreach (var document in (await knowledge.ListDocumentsAsync(Principal.LocalAdmin, null, 0, 1000)).Documents)
        {
            world.Add(document);
        }

        for (var i = 0; i < 10; i++)
        {
            await world.SetRandomRuleAsync(knowledge, random, RuleTargets);
        }

        return world;
    }
}
