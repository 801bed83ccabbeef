using Hunyu.Ingestion.Connectors.Web;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

public sealed class RobotsTxtTests
{
    private const string Agent = WebCrawlOptions.RobotsProductToken;

    [Fact]
    public void Parse_GroupForHunyu_WinsOverTheStarGroup()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /\n\nUser-agent: hunyu/2.0\nDisallow: /private\n", Agent);

        Assert.True(robots.IsAllowed(Url("/")));
        Assert.False(robots.IsAllowed(Url("/private/a")));
    }

    [Fact]
    public void Parse_NoGroupForHunyu_UsesTheStarGroup()
    {
        var robots = RobotsTxt.Parse("User-agent: Googlebot\nDisallow: /\n\nUser-agent: *\nDisallow: /tmp/\n", Agent);

        Assert.True(robots.IsAllowed(Url("/docs")));
        Assert.False(robots.IsAllowed(Url("/tmp/x")));
    }

    [Fact]
    public void Parse_AgentNamedByAnotherTokenStartingTheSame_DoesNotMatch()
    {
        var robots = RobotsTxt.Parse("User-agent: HunyuNews\nDisallow: /\n", Agent);

        Assert.True(robots.IsAllowed(Url("/")));
    }

    [Fact]
    public void Parse_SeveralAgentLinesAndRepeatedGroups_AreMerged()
    {
        var robots = RobotsTxt.Parse("User-agent: other\nUser-agent: HUNYU\nDisallow: /a\n\nUser-agent: hunyu\nDisallow: /b\n", Agent);

        Assert.False(robots.IsAllowed(Url("/a")));
        Assert.False(robots.IsAllowed(Url("/b")));
        Assert.True(robots.IsAllowed(Url("/c")));
    }

    [Theory]
    [InlineData("/page", true)]
    [InlineData("/page/sub", false)]
    [InlineData("/page/sub/open", true)]
    [InlineData("/folder/", true)]
    [InlineData("/folder/x", false)]
    public void IsAllowed_LongestMatchWinsAllowOnTie(string path, bool allowed)
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /page/sub\nAllow: /page/sub/open\nAllow: /folder/$\nDisallow: /folder/\n", Agent);

        Assert.Equal(allowed, robots.IsAllowed(Url(path)));
    }

    [Theory]
    [InlineData("/a.pdf", false)]
    [InlineData("/dir/b.PDF", true)]
    [InlineData("/a.pdf?x=1", true)]
    [InlineData("/search?q=x", false)]
    [InlineData("/x/private/y", false)]
    public void IsAllowed_WildcardsAndEndAnchor(string path, bool allowed)
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /*.pdf$\nDisallow: /search?\nDisallow: /*/private/\n", Agent);

        Assert.Equal(allowed, robots.IsAllowed(Url(path)));
    }

    [Fact]
    public void IsAllowed_EmptyDisallowAndComments_AllowEverything()
    {
        var robots = RobotsTxt.Parse("# comment\nUser-agent: * # all\nDisallow:\n", Agent);

        Assert.True(robots.IsAllowed(Url("/anything")));
    }

    [Fact]
    public void IsAllowed_ChinesePathPattern_MatchesThePercentEncodedUrl()
    {
        var robots = RobotsTxt.Parse("User-agent: *\nDisallow: /内部/\nDisallow: /%7Euser/\n", Agent);

        Assert.False(robots.IsAllowed(Url("/内部/文件")));
        Assert.False(robots.IsAllowed(Url("/~user/x")));
        Assert.True(robots.IsAllowed(Url("/公开/文件")));
    }

    [Fact]
    public void IsAllowed_RobotsTxtItself_IsAlwaysAllowed()
    {
        Assert.True(RobotsTxt.Parse("User-agent: *\nDisallow: /\n", Agent).IsAllowed(Url("/robots.txt")));
    }

    [Fact]
    public void Parse_CrawlDelayAndSitemaps_AreRead()
    {
        var robots = RobotsTxt.Parse("Sitemap: https://example.com/s.xml\nUser-agent: *\nCrawl-delay: 2.5\nDisallow: /x\n", Agent);

        Assert.Equal(TimeSpan.FromSeconds(2.5), robots.CrawlDelay);
        Assert.Equal(["https://example.com/s.xml"], robots.Sitemaps);
    }

    [Fact]
    public void Parse_RulesBeforeAnyAgentLine_AreIgnored()
    {
        var robots = RobotsTxt.Parse("Disallow: /\nUser-agent: *\nDisallow: /x\n", Agent);

        Assert.True(robots.IsAllowed(Url("/")));
    }

    private static Uri Url(string path)
    {
        Assert.True(CanonicalUrl.TryCreate("https://example.com" + path, null, out var url, out _));
        return url;
    }
}
