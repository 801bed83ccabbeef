using Hunyu.Core.Errors;
using Hunyu.Core.Security;

namespace Hunyu.Core.Tests.Security;

public sealed class AclInheritanceTests
{
    private static readonly Principal Hr = new("alice", ["hr"]);
    private static readonly Principal Sales = new("bob", ["sales"]);

    [Fact]
    public void Effective_NoRules_IsTheDocumentsOwnAcl()
    {
        var own = new Acl(["group:hr"], ["user:carol"]);

        Assert.Equal(own, AclInheritance.None.Effective("d1", own));
    }

    [Fact]
    public void Effective_DomainRuleOverPublicDocument_IsInherited()
    {
        var rules = new AclInheritance(new Acl(["group:hr"], []), null, Rules());

        var effective = rules.Effective("d1", Acl.Public);

        Assert.True(effective.Permits(Hr));
        Assert.False(effective.Permits(Sales));
    }

    [Fact]
    public void Effective_SourceRule_OverridesTheDomainsAllowList()
    {
        var rules = new AclInheritance(new Acl(["group:hr"], []), new Acl(["group:sales"], []), Rules());

        var effective = rules.Effective("d1", Acl.Public);

        Assert.True(effective.Permits(Sales));
        Assert.False(effective.Permits(Hr));
    }

    [Fact]
    public void Effective_DocumentRule_OverridesTheDocumentsOwnAndInheritedAllowLists()
    {
        var rules = new AclInheritance(new Acl(["group:hr"], []), null, Rules(("d1", new Acl(["user:bob"], []))));

        Assert.True(rules.Effective("d1", new Acl(["group:hr"], [])).Permits(Sales));
        Assert.False(rules.Effective("d2", Acl.Public).Permits(Sales));
    }

    [Fact]
    public void Effective_DenyOnAnyLevel_WinsOverAnAllowBelow()
    {
        var rules = new AclInheritance(new Acl(["*"], ["user:bob"]), null, Rules(("d1", new Acl(["user:bob"], []))));

        var effective = rules.Effective("d1", Acl.Public);

        Assert.False(effective.Permits(Sales));
        Assert.Equal(["user:bob"], effective.Allow);
        Assert.Equal(["user:bob"], effective.Deny);
    }

    [Fact]
    public void Permits_Administrator_SeesWhateverTheRulesSay()
    {
        var rules = new AclInheritance(new Acl(["*"], ["*"]), null, Rules());

        Assert.True(rules.Effective("d1", Acl.Public).Permits(Principal.LocalAdmin));
    }

    [Theory]
    [InlineData("domain:hr", AclTargetKind.Domain, "hr")]
    [InlineData("source:files-1a2b", AclTargetKind.Source, "files-1a2b")]
    [InlineData("Document:doc:with:colons", AclTargetKind.Document, "doc:with:colons")]
    public void Parse_KindAndName_AreSplitAtTheFirstColon(string text, AclTargetKind kind, string name)
    {
        Assert.Equal(new AclTarget(kind, name), AclTarget.Parse(text));
    }

    [Theory]
    [InlineData("hr")]
    [InlineData("folder:hr")]
    [InlineData("domain:")]
    [InlineData(":x")]
    public void Parse_OtherForms_AreRefusedNamingTheForms(string text)
    {
        var error = Assert.Throws<HunyuException>(() => AclTarget.Parse(text));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains(AclTarget.Forms, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void From_EntryWithAControlCharacter_IsRefused()
    {
        Assert.Throws<HunyuException>(() => Acl.From(["user:bob\nuser:eve"], null));
    }

    private static Dictionary<string, Acl> Rules(params (string Id, Acl Acl)[] rules) =>
        rules.ToDictionary(r => r.Id, r => r.Acl, StringComparer.Ordinal);
}
