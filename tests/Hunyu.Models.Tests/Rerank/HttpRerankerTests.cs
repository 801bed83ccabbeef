using System.Diagnostics;
using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Models.Rerank;
using Microsoft.AspNetCore.Http;

namespace Hunyu.Models.Tests.Rerank;

public sealed class HttpRerankerTests : IAsyncLifetime
{
    private const string Secret = "sk-rerank-secret-4711";
    private const string Query = "年假天数";

    private static readonly string[] Passages =
    [
        "病休需要医院证明。",           // 0 of 4 query characters
        "年假按工龄计算，满一年五天。",  // 年 假 天: 3 of 4
        "年假天数：满一年的员工每年五天。", // 年 假 天 数: 4 of 4
        "假期申请走审批流程。",          // 假: 1 of 4
    ];

    private readonly string _keyVariable = "HUNYU_TEST_RERANK_KEY_" + Guid.NewGuid().ToString("N");
    private FakeRerankServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeRerankServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task RerankAsync_Passages_PostsTheProtocolAndReturnsEveryPassageBestFirst()
    {
        using var reranker = Create();

        var scores = await reranker.RerankAsync(Query, Passages);

        Assert.Equal([2, 1, 3, 0], scores.Select(s => s.Index));
        Assert.Equal([1.0, 0.75, 0.25, 0.0], scores.Select(s => s.Score));
        var request = Assert.Single(_server.Requests);
        Assert.Equal("bge-reranker-v2-m3", request.Model);
        Assert.Equal(Query, request.Query);
        Assert.Equal(Passages, request.Documents);
        Assert.Null(request.TopN);
        Assert.False(request.ReturnDocuments);
    }

    [Fact]
    public async Task RerankAsync_Top_SendsTopNAndReturnsOnlyTheBest()
    {
        using var reranker = Create();

        var scores = await reranker.RerankAsync(Query, Passages, top: 2);

        Assert.Equal([2, 1], scores.Select(s => s.Index));
        Assert.Equal(2, Assert.Single(_server.Requests).TopN);
    }

    [Fact]
    public async Task RerankAsync_ServerIgnoresTopN_StillReturnsOnlyTheBest()
    {
        _server.IgnoreTopN = true;
        using var reranker = Create();

        var scores = await reranker.RerankAsync(Query, Passages, top: 1);

        Assert.Equal(2, Assert.Single(scores).Index);
    }

    [Fact]
    public async Task RerankAsync_TopNotBelowCount_SendsNoTopN()
    {
        using var reranker = Create();

        var scores = await reranker.RerankAsync(Query, Passages, top: 10);

        Assert.Equal(4, scores.Count);
        Assert.Null(Assert.Single(_server.Requests).TopN);
    }

    [Fact]
    public async Task RerankAsync_MorePassagesThanBatch_SplitsRequestsAndMergesOneOrder()
    {
        using var reranker = Create(o => o.MaxDocumentsPerRequest = 3);
        string[] passages = [.. Passages, "年", "天数"];

        var scores = await reranker.RerankAsync(Query, passages);

        Assert.Equal([3, 3], _server.Requests.Select(r => r.Documents.Count));
        Assert.Equal([2, 1, 5, 3, 4, 0], scores.Select(s => s.Index));
    }

    [Fact]
    public async Task RerankAsync_TopAcrossBatches_AsksEachBatchForTopAndReturnsTheGlobalBest()
    {
        using var reranker = Create(o => o.MaxDocumentsPerRequest = 2);

        var scores = await reranker.RerankAsync(Query, Passages, top: 1);

        Assert.Equal(2, Assert.Single(scores).Index);
        Assert.Equal([1, 1], _server.Requests.Select(r => r.TopN ?? 0));
    }

    [Fact]
    public async Task RerankAsync_EqualScores_AreOrderedByIndex()
    {
        using var reranker = Create();

        var scores = await reranker.RerankAsync(Query, ["x", "年假天数", "y", "年假天数"]);

        Assert.Equal([1, 3, 0, 2], scores.Select(s => s.Index));
    }

    [Fact]
    public async Task RerankAsync_NoPassages_ReturnsEmptyWithoutARequest()
    {
        using var reranker = Create();

        Assert.Empty(await reranker.RerankAsync(Query, []));
        Assert.Empty(_server.Requests);
    }

    [Theory]
    [InlineData("data", "score")]
    [InlineData("results", "score")]
    [InlineData("data", "relevance_score")]
    public async Task RerankAsync_ListAndScoreVariants_AreRead(string resultsProperty, string scoreProperty)
    {
        _server.ResultsProperty = resultsProperty;
        _server.ScoreProperty = scoreProperty;
        using var reranker = Create();

        var scores = await reranker.RerankAsync(Query, Passages);

        Assert.Equal([2, 1, 3, 0], scores.Select(s => s.Index));
    }

    [Fact]
    public async Task RerankAsync_ApiKeyInEnvironment_SendsItAsBearerToken()
    {
        Environment.SetEnvironmentVariable(_keyVariable, Secret);
        using var reranker = Create();

        await reranker.RerankAsync(Query, Passages);

        Assert.Equal("Bearer " + Secret, Assert.Single(_server.Requests).Authorization);
    }

    [Fact]
    public async Task RerankAsync_NoApiKeyInEnvironment_SendsNoAuthorization()
    {
        using var reranker = Create();

        await reranker.RerankAsync(Query, Passages);

        Assert.Equal(string.Empty, Assert.Single(_server.Requests).Authorization);
    }

    [Fact]
    public async Task RerankAsync_Unauthorized_ThrowsModelUnavailableNamingTheVariableNotTheKey()
    {
        Environment.SetEnvironmentVariable(_keyVariable, Secret);
        // Like some hosted APIs, the server quotes the key it rejected.
        Answer(401, $$$"""{"error":{"message":"Incorrect API key provided: {{{Secret}}}","type":"invalid_request_error"}}""");
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.Equal($"rerank {_server.Endpoint}/rerank: HTTP 401 Unauthorized: Incorrect API key provided: ***; check the API key in the environment variable {_keyVariable}", error.Message);
    }

    [Fact]
    public async Task RerankAsync_RateLimited_ThrowsModelUnavailableSayingWhenToRetry()
    {
        _server.Answer = async (context, _) =>
        {
            context.Response.StatusCode = 429;
            context.Response.Headers.RetryAfter = "30";
            await context.Response.WriteAsync("""{"message":"You are sending requests too fast"}""");
        };
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.EndsWith("HTTP 429 Too Many Requests, retry after 30 s: You are sending requests too fast", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_ServerError_ThrowsModelUnavailableWithTheServerMessage()
    {
        Answer(500, """{"detail":"CUDA out of memory"}""");
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.EndsWith("HTTP 500 Internal Server Error: CUDA out of memory", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_ServerSlowerThanTimeout_ThrowsTimeoutSoonAfterIt()
    {
        _server.Delay = TimeSpan.FromSeconds(20);
        using var reranker = Create(o => o.Timeout = TimeSpan.FromMilliseconds(300));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Equal(ErrorCode.Timeout, error.Error);
        Assert.Equal($"rerank {_server.Endpoint}/rerank: no answer within 0.3 s (Hunyu:Rerank:Timeout)", error.Message);
    }

    [Fact]
    public async Task RerankAsync_CallerCancels_ThrowsCancellationNotTimeout()
    {
        _server.Delay = TimeSpan.FromSeconds(20);
        using var reranker = Create();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => reranker.RerankAsync(Query, Passages, cancellationToken: cancel.Token));
    }

    [Fact]
    public async Task RerankAsync_AnswerIsNotJson_ThrowsModelUnavailable()
    {
        Answer(200, "<html><body>502 Bad Gateway</body></html>");
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.StartsWith($"rerank {_server.Endpoint}/rerank: the answer is not JSON (", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"object":"list"}""", "the answer has no \"results\" array")]
    [InlineData("""{"results":[{"index":0,"relevance_score":0.9},{"index":7,"relevance_score":0.1}]}""", "result 1 has index 7, but the request had 4 documents (0-3)")]
    [InlineData("""{"results":[{"index":-1,"relevance_score":0.9}]}""", "result 0 has index -1, but the request had 4 documents (0-3)")]
    [InlineData("""{"results":[{"index":2,"relevance_score":0.9},{"index":2,"relevance_score":0.8}]}""", "document 2 is scored twice")]
    [InlineData("""{"results":[{"index":"2","relevance_score":0.9}]}""", "result 0 has no integer \"index\"")]
    [InlineData("""{"results":[{"index":2,"relevance_score":"high"}]}""", "result 0 has no numeric \"relevance_score\"")]
    [InlineData("""{"results":[{"index":2,"relevance_score":0.9},{"index":0,"relevance_score":0.1}]}""", "2 of 4 documents are scored; none for 1, 3")]
    public async Task RerankAsync_AnswerBreaksTheProtocol_ThrowsModelUnavailableSayingHow(string answer, string expected)
    {
        Answer(200, answer);
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.Equal($"rerank {_server.Endpoint}/rerank: not a rerank answer: {expected}", error.Message);
    }

    [Fact]
    public async Task RerankAsync_FewerScoresThanTopN_ThrowsModelUnavailable()
    {
        Answer(200, """{"results":[{"index":2,"relevance_score":0.9}]}""");
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages, top: 2));

        Assert.EndsWith("not a rerank answer: 1 documents are scored, 2 were asked for (top_n)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_AnswerLargerThanTheLimit_ThrowsTooLarge()
    {
        _server.Answer = async (context, _) =>
        {
            // Chunked, so the limit is met while reading, not from Content-Length.
            var filler = Encoding.UTF8.GetBytes(new string(' ', 64 * 1024));
            await context.Response.WriteAsync("{\"results\":[");
            for (var written = 0L; written <= HttpRerankerOptions.MaxResponseBytes; written += filler.Length)
            {
                await context.Response.Body.WriteAsync(filler);
            }

            await context.Response.WriteAsync("]}");
        };
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.Equal(ErrorCode.TooLarge, error.Error);
        Assert.EndsWith("the answer is larger than 8 MB, the limit", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_NothingListens_ThrowsModelUnavailable()
    {
        var endpoint = _server.Endpoint;
        await _server.DisposeAsync();
        using var reranker = Create(o => o.Endpoint = endpoint);

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.Equal(ErrorCode.ModelUnavailable, error.Error);
        Assert.StartsWith($"rerank {endpoint}/rerank: cannot connect", error.Message, StringComparison.Ordinal);
        _server = await FakeRerankServer.StartAsync();
    }

    [Theory]
    [InlineData(401)]
    [InlineData(403)]
    [InlineData(500)]
    [InlineData(200)]
    public async Task RerankAsync_AnyFailure_NeverShowsTheKey(int status)
    {
        Environment.SetEnvironmentVariable(_keyVariable, Secret);
        Answer(status, $"not json, key was {Secret} aka {Uri.EscapeDataString(Secret)}");
        using var reranker = Create();

        var error = await Assert.ThrowsAsync<HunyuException>(() => reranker.RerankAsync(Query, Passages));

        Assert.DoesNotContain(Secret, error.ToString(), StringComparison.Ordinal);
        Assert.DoesNotContain(Secret, reranker.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_SettingsOutOfRange_ThrowsInvalidArgumentNamingEachSetting()
    {
        var error = Assert.Throws<HunyuException>(() => new HttpReranker(new HttpRerankerOptions
        {
            Endpoint = "https://user:pass@rerank.example/v1",
            Model = " ",
            MaxDocumentsPerRequest = 0,
            Timeout = TimeSpan.Zero,
        }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("Hunyu:Rerank:Endpoint carries credentials", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("user:pass", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Rerank:Model is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Rerank:MaxDocumentsPerRequest is 0; allowed 1-1000", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Rerank:Timeout is 00:00:00", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_EndpointNotHttp_ThrowsInvalidArgument()
    {
        var error = Assert.Throws<HunyuException>(() => new HttpReranker(new HttpRerankerOptions { Endpoint = "localhost:8000", Model = "m" }));

        Assert.Contains("Hunyu:Rerank:Endpoint is 'localhost:8000'", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RerankAsync_CustomPath_PostsThere()
    {
        using var reranker = Create(o =>
        {
            o.Endpoint = _server.Endpoint[..^"/v1".Length];
            o.Path = "/v1/rerank";
        });

        await reranker.RerankAsync(Query, Passages);

        Assert.Single(_server.Requests);
        Assert.Equal(new Uri(_server.Endpoint + "/rerank"), reranker.Url);
    }

    [Fact]
    public async Task RerankAsync_BadArguments_Throw()
    {
        using var reranker = Create();

        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync(" ", Passages));
        await Assert.ThrowsAsync<ArgumentOutOfRangeException>(() => reranker.RerankAsync(Query, Passages, top: 0));
        await Assert.ThrowsAsync<ArgumentException>(() => reranker.RerankAsync(Query, ["a", null!]));
        Assert.Empty(_server.Requests);
    }

    private void Answer(int status, string body) =>
        _server.Answer = async (context, _) =>
        {
            context.Response.StatusCode = status;
            context.Response.ContentType = "application/json";
            await context.Response.WriteAsync(body);
        };

    private HttpReranker Create(Action<HttpRerankerOptions>? configure = null)
    {
        var options = new HttpRerankerOptions
        {
            Endpoint = _server.Endpoint,
            Model = "bge-reranker-v2-m3",
            ApiKeyVariable = _keyVariable,
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return new HttpReranker(options);
    }
}
