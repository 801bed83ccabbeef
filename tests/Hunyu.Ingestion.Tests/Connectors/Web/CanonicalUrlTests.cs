using Hunyu.Ingestion.Connectors.Web;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

public sealed class CanonicalUrlTests
{
    [Theory]
    [InlineData("HTTP://Example.COM:80/a/./b/../c?x=1#frag", "http://example.com/a/c?x=1")]
    [InlineData("https://example.com:443", "https://example.com/")]
    [InlineData("https://example.com:8443/", "https://example.com:8443/")]
    [InlineData("http://example.com/?", "http://example.com/")]
    [InlineData("http://example.com./x", "http://example.com/x")]
    [InlineData("http://example.com/%7euser/%e4%b8%ad", "http://example.com/~user/%E4%B8%AD")]
    [InlineData("https://例子.测试/路径?q=中文", "https://xn--fsqu00a.xn--0zwm56d/%E8%B7%AF%E5%BE%84?q=%E4%B8%AD%E6%96%87")]
    [InlineData("http://[::FFFF:127.0.0.1]:8080/x", "http://[::ffff:127.0.0.1]:8080/x")]
    [InlineData("  http://example.com/a b  ", "http://example.com/a%20b")]
    public void TryCreate_Variants_GiveOneSpelling(string value, string expected)
    {
        Assert.True(CanonicalUrl.TryCreate(value, null, out var url, out var reason), reason);
        Assert.Equal(expected, CanonicalUrl.Key(url));
    }

    [Theory]
    [InlineData("../b#x", "http://example.com/b")]
    [InlineData("?page=2", "http://example.com/docs/index.html?page=2")]
    [InlineData("//cdn.example.com/x", "http://cdn.example.com/x")]
    [InlineData("#top", "http://example.com/docs/index.html")]
    public void TryCreate_RelativeLink_ResolvesAgainstThePage(string value, string expected)
    {
        Assert.True(CanonicalUrl.TryCreate(value, new Uri("http://example.com/docs/index.html"), out var url, out _));
        Assert.Equal(expected, CanonicalUrl.Key(url));
    }

    [Theory]
    [InlineData("ftp://example.com/", "has scheme 'ftp'; only http and https are crawled")]
    [InlineData("file:///etc/passwd", "has scheme 'file'")]
    [InlineData("http://user:pw@example.com/", "carries user credentials")]
    [InlineData("not a url", "is not a valid absolute URL")]
    [InlineData("", "is empty")]
    public void TryCreate_RefusedUrl_SaysWhy(string value, string expected)
    {
        Assert.False(CanonicalUrl.TryCreate(value, null, out _, out var reason));
        Assert.Contains(expected, reason, StringComparison.Ordinal);
    }

    [Fact]
    public void TryCreate_VeryLongUrl_IsRefused()
    {
        Assert.False(CanonicalUrl.TryCreate("http://example.com/" + new string('a', CanonicalUrl.MaxLength), null, out _, out var reason));
        Assert.Contains("longer than", reason, StringComparison.Ordinal);
    }
}

public sealed class HostScopeTests
{
    [Theory]
    [InlineData("https://example.com/a", true)]
    [InlineData("http://EXAMPLE.com:8080/a", true)]
    [InlineData("https://docs.example.com/", true)]
    [InlineData("https://a.b.example.com/", true)]
    [InlineData("https://badexample.com/", false)]
    [InlineData("https://example.com.evil.net/", false)]
    [InlineData("https://other.org/", false)]
    [InlineData("https://中文.example.com/", true)]
    public void Contains_WildcardPattern_CoversTheDomainAndItsSubdomains(string url, bool expected)
    {
        var scope = new HostScope();
        scope.Add("*.example.com");

        Assert.True(CanonicalUrl.TryCreate(url, null, out var canonical, out _));
        Assert.Equal(expected, scope.Contains(canonical));
    }

    [Fact]
    public void Contains_ExactPattern_DoesNotCoverSubdomains()
    {
        var scope = new HostScope();
        scope.Add("Example.com");

        Assert.True(scope.Contains(new Uri("https://example.com/")));
        Assert.False(scope.Contains(new Uri("https://www.example.com/")));
    }

    [Fact]
    public void Contains_IpAddresses_CompareByTheirCanonicalForm()
    {
        var scope = new HostScope();
        scope.Add("[::1]");
        scope.Add("127.0.0.1");

        Assert.True(scope.Contains(new Uri("http://[0:0::1]:8080/")));
        Assert.True(scope.Contains(new Uri("http://127.0.0.1/")));
    }
}
