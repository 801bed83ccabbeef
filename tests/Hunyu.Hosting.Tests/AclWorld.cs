using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;

namespace Hunyu.Hosting.Tests;

/// <summary>
/// The randomized leakage test's own model of who may see what, written from the rules as documented (nearest allow
/// list that is not <c>*</c> — document rule, the document's own ACL, source rule, domain rule — and every deny on the
/// way), never from the code under test. Shared by the suite's test and <c>bench acl</c> (linked there).
/// </summary>
/// <param name="users">How many users <c>u0</c>…<c>uN-1</c> random ACLs may name.</param>
/// <param name="groups">The groups random ACLs may name.</param>
internal sealed class AclWorld(int users, IReadOnlyList<string> groups)
{
    private readonly Dictionary<string, Document> _documents = new(StringComparer.Ordinal);
    private readonly Dictionary<AclTarget, Acl> _rules = [];

    public List<string> DocumentIds { get; } = [];

    public int RuleCount => _rules.Count;

    public void Add(Document document)
    {
        _documents[document.Id] = document;
        DocumentIds.Add(document.Id);
    }

    /// <summary>A random ACL over the world's users and groups: sometimes <c>*</c>, sometimes with deny entries.</summary>
    public Acl RandomAcl(Random random)
    {
        IEnumerable<string> Entries(int max) => Enumerable.Range(0, random.Next(max + 1))
            .Select(_ => random.Next(3) == 0 ? $"user:u{random.Next(users)}" : "group:" + groups[random.Next(groups.Count)])
            .Distinct(StringComparer.Ordinal);

        var allow = random.Next(4) == 0 ? [Acl.Everyone] : Entries(3).DefaultIfEmpty(Acl.Everyone).ToList();
        return new Acl(allow, random.Next(3) == 0 ? [.. Entries(2)] : []);
    }

    /// <summary>Sets (or, one time in five, removes) a random rule on the domain, source or document of a random document.</summary>
    /// <param name="knowledge">Where the rule is set.</param>
    /// <param name="random">The seeded source of choices.</param>
    /// <param name="targetWeights">Relative weights of domain, source and document targets.</param>
    public async Task SetRandomRuleAsync(KnowledgeBase knowledge, Random random, (int Domain, int Source, int Document) targetWeights)
    {
        var document = _documents[DocumentIds[random.Next(DocumentIds.Count)]];
        var pick = random.Next(targetWeights.Domain + targetWeights.Source + targetWeights.Document);
        AclTarget target = pick < targetWeights.Domain ? new(AclTargetKind.Domain, document.Domain)
            : pick < targetWeights.Domain + targetWeights.Source ? new(AclTargetKind.Source, document.SourceId)
            : new(AclTargetKind.Document, document.Id);
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
        var acl = Effective(_documents[documentId]);
        var tokens = new HashSet<string>(["*", "user:" + principal.UserId, .. principal.Groups.Select(g => "group:" + g)], StringComparer.Ordinal);
        return acl.Allow.Any(tokens.Contains) && !acl.Deny.Any(tokens.Contains);
    }

    public int DistinctEffectiveAcls() =>
        _documents.Values.Select(Effective).Select(a => string.Join(',', a.Allow) + "|" + string.Join(',', a.Deny)).Distinct(StringComparer.Ordinal).Count();

    private Acl Effective(Document document)
    {
        Acl?[] chain =
        [
            _rules.GetValueOrDefault(new AclTarget(AclTargetKind.Document, document.Id)),
            document.Acl,
            _rules.GetValueOrDefault(new AclTarget(AclTargetKind.Source, document.SourceId)),
            _rules.GetValueOrDefault(new AclTarget(AclTargetKind.Domain, document.Domain)),
        ];
        var allow = chain.OfType<Acl>().Select(a => a.Allow).FirstOrDefault(a => !(a.Count == 1 && a[0] == "*")) ?? ["*"];
        return new Acl(allow, [.. chain.OfType<Acl>().SelectMany(a => a.Deny).Distinct(StringComparer.Ordinal)]);
    }
}
