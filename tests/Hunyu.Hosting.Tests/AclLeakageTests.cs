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
        var principals = Enumerable.Range(0, 16).Select(i => new Principal($"u{i}", [.. Groups.Where(_ => random.Next(3) == 0)])).ToList();

        await CheckAsync(knowledge, world, principals, random, queries: 25);

        // Rules change; the next searches must follow at once.
        for (var i = 0; i < 12; i++)
        {
            await world.SetRandomRuleAsync(knowledge, random);
        }

        await CheckAsync(knowledge, world, principals, random, queries: 25);
    }

    private static async Task CheckAsync(KnowledgeBase knowledge, World world, List<Principal> principals, Random random, int queries)
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

    private static async Task<World> BuildAsync(KnowledgeBase knowledge, TestFolder folder, Random random)
    {
        var world = new World();
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

                var own = RandomAcl(random);
                await knowledge.IngestAsync(new IngestionRequest { Path = Path.Combine(folder.Source, path), Domain = domain, Acl = own });
            }
        }

        foreach (var document in (await knowledge.ListDocumentsAsync(Principal.LocalAdmin, null, 0, 1000)).Documents)
        {
            world.Add(document);
        }

        for (var i = 0; i < 10; i++)
        {
            await world.SetRandomRuleAsync(knowledge, random);
        }

        return world;
    }

    private static Acl RandomAcl(Random random)
    {
        IEnumerable<string> Entries(int max) => Enumerable.Range(0, random.Next(max + 1))
            .Select(_ => random.Next(3) == 0 ? $"user:u{random.Next(16)}" : "group:" + Groups[random.Next(Groups.Length)])
            .Distinct(StringComparer.Ordinal);

        var allow = random.Next(4) == 0 ? [Acl.Everyone] : Entries(3).DefaultIfEmpty(Acl.Everyone).ToList();
        return new Acl(allow, random.Next(3) == 0 ? [.. Entries(2)] : []);
    }

    /// <summary>The test's own model of who may see what, written from the rules as documented, not from the code under test.</summary>
    private sealed class World
    {
        private readonly Dictionary<string, Document> _documents = new(StringComparer.Ordinal);
        private readonly Dictionary<AclTarget, Acl> _rules = [];

        public List<string> DocumentIds { get; } = [];

        public void Add(Document document)
        {
            _documents[document.Id] = document;
            DocumentIds.Add(document.Id);
        }

        public async Task SetRandomRuleAsync(KnowledgeBase knowledge, Random random)
        {
            var document = _documents[DocumentIds[random.Next(DocumentIds.Count)]];
            AclTarget target = random.Next(3) switch
            {
                0 => new(AclTargetKind.Domain, document.Domain),
                1 => new(AclTargetKind.Source, document.SourceId),
                _ => new(AclTargetKind.Document, document.Id),
            };
            Acl? rule = random.Next(5) == 0 ? null : RandomAcl(random);
            await knowledge.SetAclAsync(target, rule);
            if (rule is null)
            {
                _rules.Remove(target);
            }
            else
            {
                _rules[target] = rule;
            }
        }

        public bool Permits(string documentId, Principal principal)
        {
            var document = _documents[documentId];
            var tokens = new HashSet<string>(["*", "user:" + principal.UserId, .. principal.Groups.Select(g => "group:" + g)]);
            Acl?[] chain =
            [
                _rules.GetValueOrDefault(new AclTarget(AclTargetKind.Document, document.Id)),
                document.Acl,
                _rules.GetValueOrDefault(new AclTarget(AclTargetKind.Source, document.SourceId)),
                _rules.GetValueOrDefault(new AclTarget(AclTargetKind.Domain, document.Domain)),
            ];
            var allow = chain.OfType<Acl>().Select(a => a.Allow).FirstOrDefault(a => !(a.Count == 1 && a[0] == "*")) ?? ["*"];
            var denied = chain.OfType<Acl>().SelectMany(a => a.Deny).Any(tokens.Contains);
            return allow.Any(tokens.Contains) && !denied;
        }
    }
}
