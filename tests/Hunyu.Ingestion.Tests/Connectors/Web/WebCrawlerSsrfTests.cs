using System.Net;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Connectors.Web;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

/// <summary>
/// SECURITY (SSRF): without AllowLoopback / AllowPrivateNetworks the crawler connects to no internal address, whether
/// given literally, by a name that resolves to one, or by a redirect. A real site listens on 127.0.0.1, so a guard that
/// failed would show as a successful read. Private and link-local addresses are only ever refused before connecting.
/// </summary>
public sealed class WebCrawlerSsrfTests : IAsyncLifetime
{
    private TestSite _site = null!;

    public async ValueTask InitializeAsync()
    {
        _site = await TestSite.StartAsync();
        _site.Page("/", "内部页面", "不应被读取 internaltoken");
    }

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:{port}/", "127.0.0.1 is a loopback address; set Hunyu:Ingestion:Web:AllowLoopback to allow it")]
    [InlineData("http://127.1:{port}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://2130706433:{port}/", "127.0.0.1 is a loopback address")]
    [InlineData("http://[::1]:{port}/", "::1 is a loopback address")]
    [InlineData("http://[::ffff:127.0.0.1]:{port}/", "::ffff:127.0.0.1 is a loopback address")]
    [InlineData("http://10.20.30.40/", "10.20.30.40 is a private-network address; set Hunyu:Ingestion:Web:AllowPrivateNetworks to allow it")]
    [InlineData("http://192.168.1.1/", "192.168.1.1 is a private-network address")]
    [InlineData("http://[fd00::1]/", "fd00::1 is a private-network address")]
    [InlineData("http://169.254.169.254/latest/meta-data/", "169.254.169.254 is a link-local address (where cloud metadata services live); never allowed")]
    [InlineData("http://[fe80::1]/", "fe80::1 is a link-local address")]
    [InlineData("http://0.0.0.0:{port}/", "0.0.0.0 is an unspecified address; never allowed")]
    [InlineData("http://224.0.0.1/", "224.0.0.1 is a multicast address")]
    [InlineData("http://[64:ff9b::a00:1]/", "64:ff9b::a00:1 is a private-network address")]
    public async Task ReadAsync_InternalAddressLiteral_IsRefusedWithAClearMessage(string url, string expected)
    {
        var options = new WebCrawlOptions { Urls = [url.Replace("{port}", _site.Port.ToString(System.Globalization.CultureInfo.InvariantCulture), StringComparison.Ordinal)], MinRequestInterval = TimeSpan.Zero };

        var items = await CrawlFixtures.Crawler(options).CrawlAsync();

        var problem = Assert.Single(items).Problem!;
        Assert.Equal("address_not_allowed", problem.Error.Code);
        Assert.Equal(403, problem.Error.HttpStatus);
        Assert.Contains("refused: " + expected, problem.Message, StringComparison.Ordinal);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task ReadAsync_Localhost_IsRefusedAtConnectTime()
    {
        var options = new WebCrawlOptions { Urls = [$"http://localhost:{_site.Port}/"], MinRequestInterval = TimeSpan.Zero };

        var items = await CrawlFixtures.Crawler(options).CrawlAsync();

        var problem = Assert.Single(items).Problem!;
        Assert.Equal("address_not_allowed", problem.Error.Code);
        Assert.Matches(@"refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address; set Hunyu:Ingestion:Web:AllowLoopback to allow it", problem.Message);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task ReadAsync_HostNameResolvingToLoopback_IsRefused()
    {
        var options = new WebCrawlOptions { Urls = [$"http://intranet.example:{_site.Port}/"], MinRequestInterval = TimeSpan.Zero };
        var hosts = new Dictionary<string, IPAddress[]> { ["intranet.example"] = [IPAddress.Loopback] };

        var items = await CrawlFixtures.Crawler(options, hosts).CrawlAsync();

        var problem = Assert.Single(items).Problem!;
        Assert.Equal("address_not_allowed", problem.Error.Code);
        Assert.Contains($"http://intranet.example:{_site.Port}/: refused: intranet.example resolves to 127.0.0.1, a loopback address", problem.Message, StringComparison.Ordinal);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task ReadAsync_HostNameMixingPublicAndLoopbackAddresses_IsRefusedWhole()
    {
        // DNS rebinding tries a public answer next to an internal one; no connection is attempted at all.
        var options = new WebCrawlOptions { Urls = [$"http://rebind.example:{_site.Port}/"], MinRequestInterval = TimeSpan.Zero };
        var hosts = new Dictionary<string, IPAddress[]> { ["rebind.example"] = [IPAddress.Parse("93.184.216.34"), IPAddress.Loopback] };

        var items = await CrawlFixtures.Crawler(options, hosts).CrawlAsync();

        Assert.Equal("address_not_allowed", Assert.Single(items).Problem!.Error.Code);
        Assert.Empty(_site.Requests);
    }

    [Fact]
    public async Task ReadAsync_HostNameResolvingToLoopbackWhenAllowed_IsRead()
    {
        var options = new WebCrawlOptions { Urls = [$"http://intranet.example:{_site.Port}/"], MinRequestInterval = TimeSpan.Zero, AllowLoopback = true };
        var hosts = new Dictionary<string, IPAddress[]> { ["intranet.example"] = [IPAddress.Loopback] };

        var items = await CrawlFixtures.Crawler(options, hosts).CrawlAsync();

        Assert.Contains("internaltoken", Assert.Single(items).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_RedirectToAnInternalAddress_IsRefusedBeforeConnecting()
    {
        // Loopback is allowed here only so the site itself can be read; the redirect targets are checked on their own.
        _site.Redirect("/go", "http://169.254.169.254/latest/meta-data/");
        _site.Redirect("/go-private", "http://10.0.0.1/admin");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/go", "/go-private")).CrawlAsync();

        Assert.Equal(2, items.Count);
        Assert.All(items, item => Assert.Equal("address_not_allowed", item.Problem!.Error.Code));
        Assert.Contains("169.254.169.254 is a link-local address", items[0].Problem!.Message, StringComparison.Ordinal);
        Assert.Contains("10.0.0.1 is a private-network address", items[1].Problem!.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("ftp://example.com/file")]
    [InlineData("file:///etc/passwd")]
    [InlineData("gopher://example.com/")]
    [InlineData("http://user:secret@example.com/")]
    [InlineData("example.com/page")]
    public void Constructor_NonHttpOrCredentialUrl_ThrowsInvalidArgument(string url)
    {
        var error = Assert.Throws<HunyuException>(() => CrawlFixtures.Crawler(new WebCrawlOptions { Urls = [url] }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("Hunyu:Ingestion:Web:Urls", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LinksToOtherSchemes_AreIgnored()
    {
        _site.Page("/links", "链接", "正文", "file:///etc/passwd", "ftp://127.0.0.1/x", "data:text/html,hi");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/links")).CrawlAsync();

        Assert.Equal([_site.Url("/links")], items.Select(item => item.Key));
    }
}
