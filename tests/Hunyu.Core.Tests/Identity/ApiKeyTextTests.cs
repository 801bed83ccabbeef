using Hunyu.Core.Errors;
using Hunyu.Core.Identity;
using Hunyu.Core.Security;

namespace Hunyu.Core.Tests.Identity;

public sealed class ApiKeyTextTests
{
    [Fact]
    public void Generate_ParsesBackToItsIdAndSecret_WithA256BitSecret()
    {
        var (id, secret, key) = ApiKeyText.Generate();

        Assert.True(ApiKeyText.TryParse(key, out var parsedId, out var parsedSecret));
        Assert.Equal((id, secret), (parsedId, parsedSecret));
        Assert.StartsWith("hy_", key, StringComparison.Ordinal);
        Assert.Equal(43, secret.Length);
        Assert.NotEqual(key, ApiKeyText.Generate().Key);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("hy_")]
    [InlineData("hy_0123456789abcdef_")]
    [InlineData("hy_0123456789ABCDEF_secret")]
    [InlineData("hy_short_secret")]
    [InlineData("sk-0123456789abcdef_secret")]
    public void TryParse_NotAKey_ReturnsFalse(string? text) => Assert.False(ApiKeyText.TryParse(text, out _, out _));

    [Fact]
    public void Matches_OnlyTheRightSecret()
    {
        var (_, secret, _) = ApiKeyText.Generate();
        var hash = ApiKeyText.Hash(secret);

        Assert.True(ApiKeyText.Matches(secret, hash));
        Assert.False(ApiKeyText.Matches(secret + "x", hash));
        Assert.Equal(64, hash.Length);
    }

    [Fact]
    public void Scopes_NormalizeAndCap()
    {
        Assert.Equal(["read"], ApiKeyScopes.Normalize(null));
        Assert.Equal(["read", "admin"], ApiKeyScopes.Normalize(["ADMIN", "read", "read"]));
        Assert.Equal(PrincipalRole.Editor, ApiKeyScopes.Cap(["read", "write"]));
        var error = Assert.Throws<HunyuException>(() => ApiKeyScopes.Normalize(["root"]));
        Assert.Equal("scope 'root': use read, write, admin", error.Message);
    }
}
