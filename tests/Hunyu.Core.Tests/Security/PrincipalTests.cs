using Hunyu.Core.Security;

namespace Hunyu.Core.Tests.Security;

public sealed class PrincipalTests
{
    [Fact]
    public void Role_AndIsAdmin_NeverDisagree()
    {
        var editor = Principal.Create("acme", "bob", ["hr"], PrincipalRole.Editor);
        var admin = Principal.Create("acme", "ann", [], PrincipalRole.Admin);

        Assert.Equal((PrincipalRole.Editor, false, "acme"), (editor.Role, editor.IsAdmin, editor.Tenant));
        Assert.Equal((PrincipalRole.Admin, true), (admin.Role, admin.IsAdmin));
        Assert.Equal(PrincipalRole.Admin, Principal.LocalAdmin.Role);
        Assert.Equal(PrincipalRole.Reader, new Principal("carl", []).Role);
        Assert.Equal(Principal.DefaultTenant, new Principal("carl", []).Tenant);
        Assert.True(editor.Has(PrincipalRole.Reader) && editor.Has(PrincipalRole.Editor) && !editor.Has(PrincipalRole.Admin));
    }

    [Fact]
    public void Equals_TenantAndRoleCount()
    {
        var bob = Principal.Create("a", "bob", [], PrincipalRole.Reader);

        Assert.Equal(bob, Principal.Create("a", "bob", [], PrincipalRole.Reader));
        Assert.NotEqual(bob, Principal.Create("b", "bob", [], PrincipalRole.Reader));
        Assert.NotEqual(bob, Principal.Create("a", "bob", [], PrincipalRole.Editor));
    }
}
