using Hunyu.Core.Errors;
using Hunyu.Ingestion.Connectors.Web;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

public sealed class WebCrawlOptionsTests
{
    [Fact]
    public void Validate_Defaults_AreSaneAndPass()
    {
        var options = new WebCrawlOptions { Urls = ["https://example.com/"] };

        options.Validate();
        Assert.Equal(10L * 1024 * 1024, options.MaxPageBytes);
        Assert.Equal(2, options.MaxDepth);
        Assert.Equal(1_000, options.MaxPages);
        Assert.Equal(5, options.MaxRedirects);
        Assert.True(options.RespectRobotsTxt);
        Assert.False(options.AllowLoopback);
        Assert.False(options.AllowPrivateNetworks);
    }

    [Fact]
    public void Validate_NoUrlOrSitemap_NamesBothOptions()
    {
        var error = Assert.Throws<HunyuException>(() => new WebCrawlOptions().Validate());

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("Hunyu:Ingestion:Web:Urls", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Ingestion:Web:Sitemaps", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Validate_OutOfRange_NamesThePathAndTheRange()
    {
        var error = Assert.Throws<HunyuException>(() => new WebCrawlOptions { Urls = ["https://example.com/"], MaxDepth = 99 }.Validate());

        Assert.Equal("Hunyu:Ingestion:Web:MaxDepth is 99; allowed between 0 and 20", error.Message);
    }

    [Fact]
    public void Validate_TimeoutOutOfRange_NamesThePath()
    {
        var error = Assert.Throws<HunyuException>(() => new WebCrawlOptions { Urls = ["https://example.com/"], RequestTimeout = TimeSpan.FromHours(1) }.Validate());

        Assert.StartsWith("Hunyu:Ingestion:Web:RequestTimeout is 01:00:00; allowed between", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("example.com")]
    [InlineData("*.example.com")]
    [InlineData("127.0.0.1")]
    [InlineData("[::1]")]
    public void Validate_AllowedHostPatterns_Pass(string host) =>
        new WebCrawlOptions { Urls = ["https://example.com/"], AllowedHosts = [host] }.Validate();

    [Theory]
    [InlineData("https://example.com/")]
    [InlineData("exa mple.com")]
    [InlineData("")]
    public void Validate_MalformedAllowedHost_Throws(string host)
    {
        var error = Assert.Throws<HunyuException>(() => new WebCrawlOptions { Urls = ["https://example.com/"], AllowedHosts = [host] }.Validate());

        Assert.Contains("Hunyu:Ingestion:Web:AllowedHosts", error.Message, StringComparison.Ordinal);
    }
}

public sealed class WebCrawlerLocationTests
{
    [Fact]
    public void LocationOf_UrlsAndSitemaps_AreCanonicalDistinctAndSpaceSeparated()
    {
        var options = new WebCrawlOptions { Urls = ["HTTPS://Example.com/a#x", "https://example.com/a"], Sitemaps = ["https://example.com/sitemap.xml"] };

        Assert.Equal("https://example.com/a https://example.com/sitemap.xml", WebCrawler.LocationOf(options));
        Assert.Equal(WebCrawler.LocationOf(options), new WebCrawler(options, Hunyu.Ingestion.Parsing.ParserRegistry.CreateDefault()).Location);
        Assert.Equal("web", new WebCrawler(options, Hunyu.Ingestion.Parsing.ParserRegistry.CreateDefault()).Kind);
    }
}
