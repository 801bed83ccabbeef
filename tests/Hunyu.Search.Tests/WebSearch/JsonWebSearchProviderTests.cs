using System.Diagnostics;
using System.Text;
using System.Text.Json.Nodes;
using Hunyu.Core.Errors;
using Hunyu.Search.WebSearch;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Search.Tests.WebSearch;

public sealed class JsonWebSearchProviderTests : IAsyncLifetime
{
    private const string Secret = "bsk-web-secret-0815";

    private readonly string _keyVariable = "HUNYU_TEST_WEB_SEARCH_KEY_" + Guid.NewGuid().ToString("N");
    private FakeSearchEngine _engine = null!;

    public async ValueTask InitializeAsync() => _engine = await FakeSearchEngine.StartAsync();

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        await _engine.DisposeAsync();
    }

    [Fact]
    public async Task SearchAsync_SearxngAnswer_MapsEveryFieldInTheEngineOrder()
    {
        Answer("""
            {"query": "年假 & 病假", "number_of_results": 0, "results": [
              {"url": "https://law.example/leave", "title": "<span class=\"highlight\">年假</span>规定", "content": "满一年 &amp; 不满十年的，年休假5天", "publishedDate": "2024-03-01T08:00:00", "engine": "bing"},
              {"url": "http://hr.example/sick?id=1", "title": "病假", "content": "病假\n  工资", "publishedDate": null, "engine": "baidu"}
            ], "answers": [], "suggestions": []}
            """);
        using var provider = Create(o =>
        {
            o.UrlTemplate = Url("search?q={query}&format=json");
            o.SnippetField = "content";
            o.PublishedField = "publishedDate";
        });

        var result = await provider.SearchAsync("年假 & 病假", 10);

        Assert.Equal(0, result.Dropped);
        Assert.Equal(["年假规定", "病假"], result.Hits.Select(h => h.Title));
        Assert.Equal([new Uri("https://law.example/leave"), new Uri("http://hr.example/sick?id=1")], result.Hits.Select(h => h.Url));
        Assert.Equal(["满一年 & 不满十年的，年休假5天", "病假 工资"], result.Hits.Select(h => h.Snippet));
        Assert.Equal([new DateTimeOffset(2024, 3, 1, 8, 0, 0, TimeSpan.Zero), null], result.Hits.Select(h => h.Published));
        var request = Assert.Single(_engine.Requests);
        Assert.Equal("GET", request.Method);
        Assert.Equal("/search", request.Path);
        Assert.Equal("年假 & 病假", request.Query["q"]);
        Assert.Equal("json", request.Query["format"]);
    }

    [Fact]
    public async Task SearchAsync_BraveAnswer_ReadsTheNestedPathAndSendsTheKeyHeader()
    {
        Environment.SetEnvironmentVariable(_keyVariable, Secret);
        Answer("""
            {"type": "search", "query": {"original": "annual leave"}, "web": {"type": "search", "results": [
              {"title": "Annual leave - Wikipedia", "url": "https://en.wikipedia.org/wiki/Annual_leave", "description": "<strong>Annual leave</strong> is paid time off work.", "page_age": "2023-09-28T09:36:56", "age": "September 28, 2023"}
            ]}}
            """);
        using var provider = Create(o =>
        {
            o.UrlTemplate = Url("res/v1/web/search?q={query}&count={count}");
            o.Headers["X-Subscription-Token"] = "{key}";
            o.ApiKeyVariable = _keyVariable;
            o.ResultsPath = "web.results";
            o.SnippetField = "description";
            o.PublishedField = "page_age";
        });

        var result = await provider.SearchAsync("annual leave", 5);

        var hit = Assert.Single(result.Hits);
        Assert.Equal("Annual leave - Wikipedia", hit.Title);
        Assert.Equal("Annual leave is paid time off work.", hit.Snippet);
        Assert.Equal(new DateTimeOffset(2023, 9, 28, 9, 36, 56, TimeSpan.Zero), hit.Published);
        var request = Assert.Single(_engine.Requests);
        Assert.Equal(Secret, request.Headers["X-Subscription-Token"]);
        Assert.Equal("5", request.Query["count"]);
    }

    [Fact]
    public async Task SearchAsync_BodyTemplate_PostsJsonWithTheQueryEscapedAndNothingFilledInsideIt()
    {
        Environment.SetEnvironmentVariable(_keyVariable, Secret);
        Answer("""{"results": [{"title": "T", "url": "https://t.example/", "content": "c", "published_date": "Mon, 04 Mar 2024 10:00:00 GMT"}]}""");
        using var provider = Create(o =>
        {
            o.UrlTemplate = Url("search");
            o.BodyTemplate = """{"query": "{query}", "max_results": {count}, "search_depth": "basic"}""";
            o.Headers["Authorization"] = "Bearer {key}";
            o.ApiKeyVariable = _keyVariable;
            o.SnippetField = "content";
            o.PublishedField = "published_date";
        });
        const string Query = "他说\"年假\"\\ {key} {count}";

        var result = await provider.SearchAsync(Query, 3);

        Assert.Equal(new DateTimeOffset(2024, 3, 4, 10, 0, 0, TimeSpan.Zero), Assert.Single(result.Hits).Published);
        var request = Assert.Single(_engine.Requests);
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.ContentType, StringComparison.Ordinal);
        Assert.Equal("Bearer " + Secret, request.Headers["Authorization"]);
        var body = JsonNode.Parse(request.Body)!;
        Assert.Equal(Query, body["query"]!.GetValue<string>());
        Assert.Equal(3, body["max_results"]!.GetValue<int>());
    }

    [Fact]
    public async Task SearchAsync_ResultsWithoutAnHttpUrl_AreDroppedAndCounted()
    {
        Answer("""
            {"results": [
              {"title": "kept", "url": "https://ok.example/a"},
              {"title": "ftp", "url": "ftp://files.example/a"},
              {"title": "script", "url": "javascript:alert(1)"},
              {"title": "relative", "url": "/a/b"},
              {"title": "missing"},
              {"title": "number", "url": 42},
              "not an object",
              {"title": "again", "url": "https://ok.example/a"},
              {"url": "https://ok.example/untitled/"}
            ]}
            """);
        using var provider = Create();

        var result = await provider.SearchAsync("q", 20);

        Assert.Equal(7, result.Dropped);
        Assert.Equal(["kept", "ok.example/untitled"], result.Hits.Select(h => h.Title));
    }

    [Fact]
    public async Task SearchAsync_MoreResultsThanAsked_ReturnsTheFirstOnesAndAsksForAtMostMaxResults()
    {
        Answer("""{"results": [{"url": "https://a.example/"}, {"url": "https://b.example/"}, {"url": "https://c.example/"}, {"url": "https://d.example/"}]}""");
        using var provider = Create(o =>
        {
            o.UrlTemplate = Url("search?q={query}&n={count}");
            o.MaxResults = 2;
        });

        var result = await provider.SearchAsync("q", 50);

        Assert.Equal(["a.example", "b.example"], result.Hits.Select(h => h.Url.Host));
        Assert.Equal(0, result.Dropped);
        Assert.Equal("2", Assert.Single(_engine.Requests).Query["n"]);
    }

    [Fact]
    public async Task SearchAsync_AnswerIsTheArrayAndFieldsAreNested_FollowsThePaths()
    {
        Answer("""[{"link": "https://a.example/", "pagemap": {"metatags": [{"og:title": "A page"}]}, "highlights": ["one", "<b>two</b>"]}]""");
        using var provider = Create(o =>
        {
            o.ResultsPath = string.Empty;
            o.UrlField = "link";
            o.TitleField = "pagemap.metatags.0.og:title";
            o.SnippetField = "highlights";
        });

        var hit = Assert.Single((await provider.SearchAsync("q", 5)).Hits);

        Assert.Equal("A page", hit.Title);
        Assert.Equal("one … two", hit.Snippet);
    }

    [Fact]
    public async Task SearchAsync_ResultsNull_ReturnsNoHits()
    {
        Answer("""{"results": null}""");
        using var provider = Create();

        var result = await provider.SearchAsync("q", 5);

        Assert.Empty(result.Hits);
        Assert.Equal(0, result.Dropped);
    }

    [Fact]
    public async Task SearchAsync_ResultsPathMissing_ThrowsSourceUnavailableShowingWhatIsThere()
    {
        Answer("""{"type": "search", "query": {}, "mixed": {}}""");
        using var provider = Create(o => o.ResultsPath = "web.results");

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.SourceUnavailable, error.Error);
        Assert.Equal("web search 'test': the answer has no results at 'web.results' (Hunyu:WebSearch:test:ResultsPath); its top level holds: type, query, mixed", error.Message);
    }

    [Fact]
    public async Task SearchAsync_ServerError_ThrowsSourceUnavailableNamingTheProvider()
    {
        Answer("""{"error": "all engines failed"}""", 500);
        using var provider = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.SourceUnavailable, error.Error);
        Assert.Equal("web search 'test': HTTP 500 Internal Server Error: all engines failed", error.Message);
    }

    [Fact]
    public async Task SearchAsync_KeyRejected_NamesTheVariableAndHidesTheEchoedKey()
    {
        Environment.SetEnvironmentVariable(_keyVariable, Secret);
        Answer($$$"""{"type": "ErrorResponse", "error": {"code": "SUBSCRIPTION_TOKEN_INVALID", "detail": "x", "message": "token {{{Secret}}} is invalid"}}""", 401);
        using var provider = Create(o =>
        {
            o.UrlTemplate = Url("search?q={query}&api_key={key}");
            o.ApiKeyVariable = _keyVariable;
        });

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal($"web search 'test': HTTP 401 Unauthorized: token *** is invalid; check the API key in the environment variable {_keyVariable}", error.Message);
    }

    [Fact]
    public async Task SearchAsync_EngineSlowerThanTimeout_ThrowsTimeoutSoonAfterIt()
    {
        _engine.Delay = TimeSpan.FromSeconds(20);
        using var provider = Create(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(ErrorCode.Timeout, error.Error);
        Assert.Equal("web search 'test': no answer within 0.3 s (Hunyu:WebSearch:test:Timeout)", error.Message);
    }

    [Fact]
    public async Task SearchAsync_CallerCancels_ThrowsCancellationNotTimeout()
    {
        _engine.Delay = TimeSpan.FromSeconds(20);
        using var provider = Create();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => provider.SearchAsync("q", 5, cancel.Token));
    }

    [Fact]
    public async Task SearchAsync_AnswerIsNotJson_ThrowsSourceUnavailable()
    {
        _engine.Answer = async context =>
        {
            context.Response.ContentType = "text/html";
            await context.Response.WriteAsync("<!DOCTYPE html><title>Too many requests</title>");
        };
        using var provider = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.SourceUnavailable, error.Error);
        Assert.Equal("web search 'test': the answer is not JSON (text/html, invalid at line 1, byte 1)", error.Message);
    }

    [Theory]
    [InlineData(true, "web search 'test': the answer is 2 KB; limit is 1 KB (Hunyu:WebSearch:test:MaxResponseBytes)")]
    [InlineData(false, "web search 'test': the answer is larger than 1 KB; limit is 1 KB (Hunyu:WebSearch:test:MaxResponseBytes)")]
    public async Task SearchAsync_AnswerLargerThanTheLimit_ThrowsTooLarge(bool declared, string expected)
    {
        var json = Encoding.UTF8.GetBytes("{\"results\": [], \"pad\": \"" + new string('x', 2048 - 28) + "\"}");
        _engine.Answer = async context =>
        {
            context.Response.ContentType = "application/json";
            if (declared)
            {
                context.Response.ContentLength = json.Length;
            }

            await context.Response.Body.WriteAsync(json);
        };
        using var provider = Create(o => o.MaxResponseBytes = 1024);

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.TooLarge, error.Error);
        Assert.Equal(expected, error.Message);
    }

    [Fact]
    public async Task SearchAsync_Redirect_IsNotFollowedAndItsQueryNotShown()
    {
        _engine.Answer = context =>
        {
            context.Response.Redirect("/elsewhere?token=abc");
            return Task.CompletedTask;
        };
        using var provider = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.SourceUnavailable, error.Error);
        Assert.Equal($"web search 'test': HTTP 302 Found redirects to {Url("elsewhere")}; redirects are not followed, configure the final URL (Hunyu:WebSearch:test:UrlTemplate)", error.Message);
        Assert.Single(_engine.Requests);
    }

    [Fact]
    public async Task SearchAsync_EngineOnLoopbackNotAllowed_IsRefusedWithoutARequest()
    {
        using var provider = Create(o => o.AllowLoopback = false);

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.AddressNotAllowed, error.Error);
        Assert.Equal("web search 'test': refused: 127.0.0.1 is a loopback address; set Hunyu:WebSearch:test:AllowLoopback to allow it", error.Message);
        Assert.Empty(_engine.Requests);
    }

    [Fact]
    public async Task SearchAsync_HostNameResolvingToLoopback_IsRefusedAtConnect()
    {
        using var provider = Create(o =>
        {
            o.UrlTemplate = $"http://localhost:{_engine.BaseUrl.Port}/search?q={{query}}";
            o.AllowLoopback = false;
        });

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.AddressNotAllowed, error.Error);
        Assert.Matches(@"^web search 'test': refused: localhost resolves to (127\.0\.0\.1|::1), a loopback address; set Hunyu:WebSearch:test:AllowLoopback to allow it$", error.Message);
        Assert.Empty(_engine.Requests);
    }

    [Fact]
    public async Task SearchAsync_CloudMetadataAddress_IsNeverAllowed()
    {
        using var provider = Create(o =>
        {
            o.UrlTemplate = "http://169.254.169.254/latest/meta-data/?q={query}";
            o.AllowPrivateNetworks = true;
        });

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.AddressNotAllowed, error.Error);
        Assert.EndsWith("a link-local address (where cloud metadata services live); never allowed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SearchAsync_KeyVariableUnset_ThrowsNamingTheVariableWithoutARequest()
    {
        using var provider = Create(o =>
        {
            o.Headers["X-API-KEY"] = "{key}";
            o.ApiKeyVariable = _keyVariable;
        });

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.Equal(ErrorCode.SourceUnavailable, error.Error);
        Assert.Equal($"web search 'test': the environment variable {_keyVariable} holding its API key is not set (Hunyu:WebSearch:test:ApiKeyVariable)", error.Message);
        Assert.Empty(_engine.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(403)]
    [InlineData(200)]
    public async Task SearchAsync_AnyFailure_NeverShowsTheKey(int status)
    {
        Environment.SetEnvironmentVariable(_keyVariable, Secret);
        _engine.Answer = context => FakeSearchEngine.Json(context, $"oops {Secret} {Uri.EscapeDataString(Secret)}", status);
        using var provider = Create(o =>
        {
            o.Headers["Authorization"] = "Bearer {key}";
            o.ApiKeyVariable = _keyVariable;
        });

        var error = await Assert.ThrowsAsync<HunyuException>(() => provider.SearchAsync("q", 5));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, provider.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadSettings_ThrowsInvalidArgumentNamingEachSetting()
    {
        var options = new JsonWebSearchOptions
        {
            Name = "test",
            UrlTemplate = "http://{query}.example/search",
            BodyTemplate = """{"q": {query}}""",
            ApiKeyVariable = "SOME_KEY",
            ResultsPath = "web..results",
            MaxResults = 0,
            Timeout = TimeSpan.Zero,
            MaxResponseBytes = 10,
        };
        options.Headers["Content-Type"] = "text/plain";

        var error = Assert.Throws<HunyuException>(() => new JsonWebSearchProvider(options));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("Hunyu:WebSearch:test:UrlTemplate has a placeholder in its scheme, host or port", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:WebSearch:test:BodyTemplate is not JSON once filled in", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:WebSearch:test:ApiKeyVariable is set, but no header, URL or body uses {key}", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:WebSearch:test:Headers: 'Content-Type' cannot be sent as a request header", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:WebSearch:test:ResultsPath is 'web..results'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:WebSearch:test:MaxResults is 0; allowed 1-100", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:WebSearch:test:Timeout is 00:00:00", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:WebSearch:test:MaxResponseBytes is 10; allowed 1024-67108864", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://search.example/?q={qeury}", "Hunyu:WebSearch:test:UrlTemplate holds {qeury}; the placeholders are {query}, {count} and {key}")]
    [InlineData("https://search.example/?format=json", "neither it nor BodyTemplate holds {query}")]
    [InlineData("search?q={query}", "give an absolute http(s) URL")]
    [InlineData("https://user:pw@search.example/?q={query}", "Hunyu:WebSearch:test:UrlTemplate carries credentials")]
    [InlineData("https://search.example/?q={query}&key={key}", "Hunyu:WebSearch:test:ApiKeyVariable is empty, but a template uses {key}")]
    public void Constructor_BadUrlTemplate_ThrowsInvalidArgumentSayingWhy(string template, string expected)
    {
        var error = Assert.Throws<HunyuException>(() => new JsonWebSearchProvider(new JsonWebSearchOptions { Name = "test", UrlTemplate = template }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains(expected, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_BadName_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<HunyuException>(() => new JsonWebSearchProvider(new JsonWebSearchOptions { Name = "my engine", UrlTemplate = "https://s.example/?q={query}" }));

        Assert.Contains("provider name 'my engine' is not allowed", error.Message, StringComparison.Ordinal);
    }

    private void Answer(string json, int status = 200) => _engine.Answer = context => FakeSearchEngine.Json(context, json, status);

    private string Url(string relative) => _engine.BaseUrl.AbsoluteUri + relative;

    private JsonWebSearchProvider Create(Action<JsonWebSearchOptions>? configure = null)
    {
        var options = new JsonWebSearchOptions
        {
            Name = "test",
            UrlTemplate = Url("search?q={query}"),
            AllowLoopback = true,
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new JsonWebSearchProvider(options);
    }
}
