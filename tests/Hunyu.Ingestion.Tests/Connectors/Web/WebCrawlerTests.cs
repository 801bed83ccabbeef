using System.IO.Compression;
using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Tests.Parsing;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Ingestion.Tests.Connectors.Web;

/// <summary>The crawler against a real local site: content, links, sitemaps, robots.txt, limits and failures.</summary>
public sealed class WebCrawlerTests : IAsyncLifetime
{
    private TestSite _site = null!;

    public async ValueTask InitializeAsync() => _site = await TestSite.StartAsync();

    public async ValueTask DisposeAsync() => await _site.DisposeAsync();

    [Fact]
    public async Task ReadAsync_PageWithNavAndFooter_YieldsMainContentOnlyButFollowsNavLinks()
    {
        _site.Page("/", "首页", "欢迎使用混语知识库 maintoken", "/about");
        _site.Page("/about", "关于我们", "公司简介 abouttoken");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        var home = items.Item(_site, "/");
        Assert.Equal(_site.Url("/"), home.Uri);
        var text = home.Text();
        Assert.Contains("maintoken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("navtoken", text, StringComparison.Ordinal);
        Assert.DoesNotContain("footertoken", text, StringComparison.Ordinal);
        Assert.Equal("首页", Assert.Single(home.Documents()).Title);
        Assert.Contains("abouttoken", items.Item(_site, "/about").Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_LinksSeveralLevelsDeep_StopsAtMaxDepth()
    {
        _site.Page("/", "零", "第零层", "/d1");
        _site.Page("/d1", "一", "第一层", "/d2");
        _site.Page("/d2", "二", "第二层", "/d3");
        _site.Page("/d3", "三", "第三层");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/") with { MaxDepth = 2 }).CrawlAsync();

        Assert.Equal([_site.Url("/"), _site.Url("/d1"), _site.Url("/d2")], items.Select(item => item.Key));
        Assert.Equal(0, _site.CountOf("/d3"));
    }

    [Fact]
    public async Task ReadAsync_MaxDepthZero_ReadsOnlyTheGivenPages()
    {
        _site.Page("/", "首页", "正文", "/child");
        _site.Page("/child", "子页", "正文");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/") with { MaxDepth = 0 }).CrawlAsync();

        Assert.Equal([_site.Url("/")], items.Select(item => item.Key));
    }

    [Fact]
    public async Task ReadAsync_LinkVariants_AreCanonicalAndReadOnce()
    {
        _site.Page("/", "首页", "正文", "/a#top", "/a", "./a#bottom", "HTTP://127.0.0.1:" + _site.Port + "/b/../a", "mailto:x@example.com", "javascript:void(0)");
        _site.Page("/a", "甲", "甲页");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        Assert.Equal([_site.Url("/"), _site.Url("/a")], items.Select(item => item.Key));
        Assert.Equal(1, _site.CountOf("/a"));
    }

    [Fact]
    public async Task ReadAsync_LinkToAnotherHost_IsNotFollowedByDefault()
    {
        await using var other = await TestSite.StartAsync();
        other.Page("/", "别站", "不应抓取");
        // "localhost" is another host name than 127.0.0.1 (scope is by host name; the port does not matter).
        _site.Page("/", "首页", "正文", $"http://localhost:{other.Port}/", $"http://localhost:{_site.Port}/x");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        Assert.Single(items);
        Assert.Empty(other.Requests);
        Assert.Equal(0, _site.CountOf("/x"));
    }

    [Fact]
    public async Task ReadAsync_AllowedHostsWildcard_FollowsListedHosts()
    {
        _site.Page("/", "首页", "正文", $"http://localhost:{_site.Port}/x");
        _site.Page("/x", "另一主机名", "通过 localhost 访问");
        var options = CrawlFixtures.Options(_site, "/") with { AllowedHosts = ["127.0.0.1", "localhost"] };

        var items = await CrawlFixtures.Crawler(options).CrawlAsync();

        Assert.Contains(items, item => item.Key == $"http://localhost:{_site.Port}/x");
    }

    [Fact]
    public async Task ReadAsync_Sitemap_CrawlsItsPagesAtDepthZero()
    {
        _site.Page("/s1", "一", "站点地图第一页", "/linked");
        _site.Page("/s2", "二", "站点地图第二页");
        _site.Page("/linked", "链接", "不在地图里");
        _site.Content("/sitemap.xml", "application/xml", Encoding.UTF8.GetBytes($"""
            <?xml version="1.0" encoding="UTF-8"?>
            <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <url><loc>{_site.Url("/s1")}</loc><lastmod>2025-01-01</lastmod></url>
              <url><loc>{_site.Url("/s2")}</loc></url>
              <url><loc>http://elsewhere.example/page</loc></url>
            </urlset>
            """));
        var options = CrawlFixtures.Options(_site) with { Sitemaps = [_site.Url("/sitemap.xml")], MaxDepth = 0 };
        var crawler = CrawlFixtures.Crawler(options);

        var items = await crawler.CrawlAsync();

        Assert.Equal([_site.Url("/s1"), _site.Url("/s2")], items.Select(item => item.Key));
        Assert.Contains(crawler.LastReport!.Skipped, skip => skip.Reason.Contains("outside the allowed hosts", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_SitemapIndexWithGzipSitemap_CrawlsItsPages()
    {
        _site.Page("/g1", "压缩一", "压缩站点地图里的页面 gziptoken");
        var urlset = Encoding.UTF8.GetBytes($"""<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"><url><loc>{_site.Url("/g1")}</loc></url></urlset>""");
        _site.Content("/pages.xml.gz", "application/x-gzip", Gzip(urlset));
        _site.Content("/sitemap_index.xml", "application/xml", Encoding.UTF8.GetBytes($"""
            <sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
              <sitemap><loc>{_site.Url("/pages.xml.gz")}</loc></sitemap>
            </sitemapindex>
            """));
        var options = CrawlFixtures.Options(_site) with { Sitemaps = [_site.Url("/sitemap_index.xml")] };

        var items = await CrawlFixtures.Crawler(options).CrawlAsync();

        Assert.Contains("gziptoken", Assert.Single(items).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SitemapFails_YieldsProblemAndCrawlGoesOn()
    {
        _site.Status("/sitemap.xml", 500);
        _site.Page("/", "首页", "正文");
        var options = CrawlFixtures.Options(_site, "/") with { Sitemaps = [_site.Url("/sitemap.xml")] };

        var items = await CrawlFixtures.Crawler(options).CrawlAsync();

        var failed = items.Item(_site, "/sitemap.xml");
        Assert.Equal("source_unavailable", failed.Problem!.Error.Code);
        Assert.Contains("HTTP 500", failed.Problem.Message, StringComparison.Ordinal);
        Assert.Null(items.Item(_site, "/").Problem);
    }

    [Fact]
    public async Task ReadAsync_RobotsTxt_SkipsDisallowedPathsWithANoteAndNeverRequestsThem()
    {
        _site.Content("/robots.txt", "text/plain", Encoding.UTF8.GetBytes("""
            User-agent: *
            Disallow: /

            User-agent: Hunyu
            Disallow: /secret
            Allow: /secret/public
            """));
        _site.Page("/", "首页", "正文", "/secret/plan", "/secret/public/notice", "/open");
        _site.Page("/secret/plan", "机密", "不可抓取");
        _site.Page("/secret/public/notice", "公告", "可以抓取");
        _site.Page("/open", "公开", "可以抓取");
        var crawler = CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/"));

        var items = await crawler.CrawlAsync();

        Assert.Equal([_site.Url("/"), _site.Url("/secret/public/notice"), _site.Url("/open")], items.Select(item => item.Key));
        Assert.Equal(0, _site.CountOf("/secret/plan"));
        Assert.Contains(new WebCrawlSkip(_site.Url("/secret/plan"), "disallowed by robots.txt"), crawler.LastReport!.Skipped);
        Assert.Equal(1, _site.CountOf("/robots.txt"));
    }

    [Fact]
    public async Task ReadAsync_RobotsCrawlDelay_SpacesRequestsToTheHost()
    {
        _site.Content("/robots.txt", "text/plain", Encoding.UTF8.GetBytes("User-agent: hunyu\nCrawl-delay: 0.3\n"));
        _site.Page("/", "首页", "正文", "/a", "/b");
        _site.Page("/a", "甲", "正文");
        _site.Page("/b", "乙", "正文");

        await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        var times = _site.Requests.Where(request => request.Path != "/robots.txt").Select(request => request.At).Order().ToList();
        Assert.Equal(3, times.Count);
        Assert.True(times[2] - times[0] >= TimeSpan.FromMilliseconds(550), $"requests {times[2] - times[0]} apart");
    }

    [Fact]
    public async Task ReadAsync_RobotsTxtServerError_PagesFailAndAreNotRequested()
    {
        _site.Status("/robots.txt", 503);
        _site.Page("/", "首页", "正文");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        var problem = Assert.Single(items).Problem!;
        Assert.Equal("source_unavailable", problem.Error.Code);
        Assert.Equal($"{_site.Url("/")}: not crawled: {_site.Url("/robots.txt")} unavailable: HTTP 503 Service Unavailable", problem.Message);
        Assert.Equal(0, _site.CountOf("/"));
    }

    [Fact]
    public async Task ReadAsync_Redirect_FollowsAndKeysByTheFinalUrl()
    {
        _site.Redirect("/old", "/new", StatusCodes.Status301MovedPermanently);
        _site.Page("/new", "新页", "搬家后的内容");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/old")).CrawlAsync();

        Assert.Equal(_site.Url("/new"), Assert.Single(items).Key);
    }

    [Fact]
    public async Task ReadAsync_RedirectLoop_YieldsProblemNamingTheLoop()
    {
        _site.Redirect("/loop-a", "/loop-b");
        _site.Redirect("/loop-b", "/loop-a");
        _site.Page("/", "首页", "正文", "/loop-a", "/after");
        _site.Page("/after", "之后", "循环之后的页面");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        var problem = items.Item(_site, "/loop-a").Problem!;
        Assert.Equal("source_unavailable", problem.Error.Code);
        Assert.Contains($"redirect loop: {_site.Url("/loop-a")} → {_site.Url("/loop-b")} → {_site.Url("/loop-a")}", problem.Message, StringComparison.Ordinal);
        Assert.Null(items.Item(_site, "/after").Problem);
    }

    [Fact]
    public async Task ReadAsync_TooManyRedirects_YieldsProblemNamingTheLimit()
    {
        for (var i = 0; i < 4; i++)
        {
            _site.Redirect($"/r{i}", $"/r{i + 1}");
        }

        _site.Page("/r4", "终点", "正文");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/r0") with { MaxRedirects = 2 }).CrawlAsync();

        var problem = Assert.Single(items).Problem!;
        Assert.Contains("more than 2 redirects (Hunyu:Ingestion:Web:MaxRedirects)", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_NotFoundAndServerError_YieldProblemsAndCrawlGoesOn()
    {
        _site.Page("/", "首页", "正文", "/missing", "/broken", "/fine");
        _site.Status("/broken", 500);
        _site.Page("/fine", "正常", "正常页面");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        var missing = items.Item(_site, "/missing").Problem!;
        Assert.Equal(ErrorCode.NotFound, missing.Error);
        Assert.Contains("HTTP 404", missing.Message, StringComparison.Ordinal);
        var broken = items.Item(_site, "/broken").Problem!;
        Assert.Equal("source_unavailable", broken.Error.Code);
        Assert.Contains("HTTP 500", broken.Message, StringComparison.Ordinal);
        Assert.Null(items.Item(_site, "/fine").Problem);
    }

    [Fact]
    public async Task ReadAsync_50MbStreamedPage_IsRefusedWithoutBeingBuffered()
    {
        const long Size = 50L * 1024 * 1024;
        long sent = 0;
        var finished = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _site.Map("/huge", async context =>
        {
            try
            {
                // No Content-Length: the size shows only while streaming. Kestrel accepts (and drops) writes for a
                // moment after the client hangs up, so the site paces itself to let the abort be seen.
                context.Response.ContentType = "text/html";
                var chunk = Encoding.ASCII.GetBytes(new string('x', 256 * 1024));
                while (sent < Size && !context.RequestAborted.IsCancellationRequested)
                {
                    await context.Response.Body.WriteAsync(chunk, context.RequestAborted);
                    await context.Response.Body.FlushAsync(context.RequestAborted);
                    Interlocked.Add(ref sent, chunk.Length);
                    await Task.Delay(2, context.RequestAborted);
                }
            }
            catch (Exception e) when (e is OperationCanceledException or IOException or ObjectDisposedException)
            {
                // The crawler hung up.
            }
            finally
            {
                finished.TrySetResult();
            }
        });
        _site.Page("/", "首页", "正文", "/huge", "/after");
        _site.Page("/after", "之后", "正文");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        var problem = items.Item(_site, "/huge").Problem!;
        Assert.Equal(ErrorCode.TooLarge, problem.Error);
        Assert.Contains("larger than 10 MB; limit is 10 MB (Hunyu:Ingestion:Web:MaxPageBytes)", problem.Message, StringComparison.Ordinal);
        Assert.Null(items.Item(_site, "/after").Problem);
        await finished.Task.WaitAsync(TimeSpan.FromSeconds(30));
        Assert.True(Interlocked.Read(ref sent) < 30L * 1024 * 1024, $"the server sent {sent} bytes before the crawler hung up");
    }

    [Fact]
    public async Task ReadAsync_DeclaredLengthOverTheLimit_IsRefusedBeforeReading()
    {
        _site.Content("/big.pdf", "application/pdf", new byte[3 * 1024]);

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/big.pdf") with { MaxPageBytes = 2048 }).CrawlAsync();

        var problem = Assert.Single(items).Problem!;
        Assert.Equal(ErrorCode.TooLarge, problem.Error);
        Assert.Contains("page is 3 KB; limit is 2 KB", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_SlowPage_TimesOutAndCrawlGoesOn()
    {
        _site.Map("/slow", async context =>
        {
            try
            {
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (OperationCanceledException)
            {
                // The crawler gave up.
            }
        });
        _site.Map("/trickle", async context =>
        {
            try
            {
                context.Response.ContentType = "text/html";
                await context.Response.WriteAsync("<html><body><p>开始", context.RequestAborted);
                await context.Response.Body.FlushAsync(context.RequestAborted);
                await Task.Delay(TimeSpan.FromSeconds(30), context.RequestAborted);
            }
            catch (Exception e) when (e is OperationCanceledException or IOException)
            {
                // The crawler gave up.
            }
        });
        _site.Page("/", "首页", "正文", "/slow", "/trickle");
        var started = DateTimeOffset.UtcNow;

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/") with { RequestTimeout = TimeSpan.FromSeconds(1) }).CrawlAsync();

        foreach (var path in new[] { "/slow", "/trickle" })
        {
            var problem = items.Item(_site, path).Problem!;
            Assert.Equal("timeout", problem.Error.Code);
            Assert.Contains("timed out after 1 s (Hunyu:Ingestion:Web:RequestTimeout)", problem.Message, StringComparison.Ordinal);
        }

        Assert.True(DateTimeOffset.UtcNow - started < TimeSpan.FromSeconds(20));
    }

    [Fact]
    public async Task ReadAsync_GbkPageWithoutMetaCharset_IsDecodedAndItsLinksFollowed()
    {
        var gbk = CodePagesEncodingProvider.Instance.GetEncoding("GBK")!;
        _site.Content("/gbk", "text/html; charset=gbk", gbk.GetBytes("<html><head><title>国标编码</title></head><body><main><p>这是一个使用国标编码的中文页面，正文 gbktoken 。</p><a href=\"/gbk-child\">下一页</a></main></body></html>"));
        _site.Page("/gbk-child", "子页", "正文");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/gbk")).CrawlAsync();

        var page = items.Item(_site, "/gbk");
        Assert.Equal("国标编码", Assert.Single(page.Documents()).Title);
        Assert.Contains("使用国标编码的中文页面", page.Text(), StringComparison.Ordinal);
        Assert.Null(items.Item(_site, "/gbk-child").Problem);
    }

    [Fact]
    public async Task ReadAsync_XRobotsTagNoIndexForHunyu_IsSkipped()
    {
        _site.Map("/tagged", context =>
        {
            context.Response.ContentType = "text/html";
            context.Response.Headers["X-Robots-Tag"] = "hunyu: noindex";
            return context.Response.WriteAsync("<html><body><main><p>不要索引</p></main></body></html>");
        });
        _site.Map("/other-agent", context =>
        {
            context.Response.ContentType = "text/html";
            context.Response.Headers["X-Robots-Tag"] = "otherbot: noindex";
            return context.Response.WriteAsync("<html><body><main><p>可以索引</p></main></body></html>");
        });

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/tagged", "/other-agent")).CrawlAsync();

        Assert.Equal([_site.Url("/other-agent")], items.Select(item => item.Key));
    }

    [Fact]
    public async Task ReadAsync_PdfPage_IsReadByThePdfParser()
    {
        _site.Content("/report", "application/pdf", PdfFixtures.Build("Annual report", [["Revenue grew pdftoken"]]));

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/report")).CrawlAsync();

        var document = Assert.Single(Assert.Single(items).Documents());
        Assert.Equal("Annual report", document.Title);
        Assert.Contains(document.Blocks, block => block.Text.Contains("pdftoken", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_OctetStreamWithKnownExtension_IsReadByExtension()
    {
        _site.Content("/notes.md", "application/octet-stream", Encoding.UTF8.GetBytes("# 笔记\n\nmarkdowntoken"));

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/notes.md")).CrawlAsync();

        Assert.Contains("markdowntoken", Assert.Single(items).Text(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_UnsupportedContentType_IsSkippedWithTheReason()
    {
        _site.Content("/logo", "image/png", [0x89, 0x50, 0x4E, 0x47]);
        _site.Page("/", "首页", "正文", "/logo");
        var crawler = CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/"));

        var items = await crawler.CrawlAsync();

        Assert.Equal([_site.Url("/")], items.Select(item => item.Key));
        Assert.Contains(new WebCrawlSkip(_site.Url("/logo"), "content type image/png is not a supported format"), crawler.LastReport!.Skipped);
    }

    [Fact]
    public async Task ReadAsync_NoIndexPage_IsSkippedButItsLinksAreFollowed()
    {
        _site.Html("/", """<html><head><meta name="robots" content="noindex"></head><body><main><p>不要索引</p><a href="/child">子页</a></main></body></html>""");
        _site.Page("/child", "子页", "正文");
        var crawler = CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/"));

        var items = await crawler.CrawlAsync();

        Assert.Equal([_site.Url("/child")], items.Select(item => item.Key));
        Assert.Contains(crawler.LastReport!.Skipped, skip => skip.Url == _site.Url("/") && skip.Reason.Contains("noindex", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_HubPageWithoutMainText_IsSkippedButItsLinksAreFollowed()
    {
        _site.Html("/", """<html><body><nav><a href="/child">子页</a></nav></body></html>""");
        _site.Page("/child", "子页", "正文");

        var items = await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        Assert.Equal([_site.Url("/child")], items.Select(item => item.Key));
    }

    [Fact]
    public async Task ReadAsync_PageLimit_StopsAndNotesWhatWasLeft()
    {
        _site.Page("/", "首页", "正文", "/a", "/b", "/c");
        foreach (var path in new[] { "/a", "/b", "/c" })
        {
            _site.Page(path, path, "正文");
        }

        var crawler = CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/") with { MaxPages = 2 });

        var items = await crawler.CrawlAsync();

        Assert.Equal(2, items.Count);
        var report = crawler.LastReport!;
        Assert.True(report.PageLimitReached);
        Assert.Contains(report.Skipped, skip => skip.Reason.Contains("page limit reached (Hunyu:Ingestion:Web:MaxPages is 2); this and 1 more", StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_SendsTheHunyuUserAgent()
    {
        _site.Page("/", "首页", "正文");

        await CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync();

        Assert.All(_site.Requests, request => Assert.StartsWith("Hunyu/", request.UserAgent, StringComparison.Ordinal));
    }

    [Fact]
    public async Task ReadAsync_Cancelled_Throws()
    {
        _site.Page("/", "首页", "正文");
        using var cancellation = new CancellationTokenSource();
        await cancellation.CancelAsync();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => CrawlFixtures.Crawler(CrawlFixtures.Options(_site, "/")).CrawlAsync(cancellation.Token));
    }

    private static byte[] Gzip(byte[] bytes)
    {
        using var output = new MemoryStream();
        using (var gzip = new GZipStream(output, CompressionLevel.Fastest))
        {
            gzip.Write(bytes);
        }

        return output.ToArray();
    }
}
