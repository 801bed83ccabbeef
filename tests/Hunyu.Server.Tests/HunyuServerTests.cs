using System.Net;
using System.Text;
using Hunyu.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace Hunyu.Server.Tests;

/// <summary>The entry the CLI calls, on a real Kestrel listener.</summary>
public sealed class HunyuServerTests
{
    [Fact]
    public async Task Build_OnKestrel_ServesSearchOverTheGivenKnowledgeBase()
    {
        var data = TestDirectories.Create();
        try
        {
            using var knowledge = KnowledgeBase.Open(data);
            await using var app = HunyuServer.Build(knowledge, [], "http://127.0.0.1:0");
            await app.StartAsync(TestContext.Current.CancellationToken);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };

            using var upload = await ApiClient.UploadAsync(client, null, (Samples.HandbookName, Samples.Handbook));
            using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "带薪年假" });

            Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
            Assert.NotEmpty((await ApiClient.ReadJsonAsync(search)).GetProperty("hits").EnumerateArray());
            await app.StopAsync(TestContext.Current.CancellationToken);
        }
        finally
        {
            TestDirectories.Delete(data);
        }
    }

    [Fact]
    public async Task Build_ChunkedJsonBodyOverTheLimit_Returns413Problem()
    {
        var data = TestDirectories.Create();
        try
        {
            using var knowledge = KnowledgeBase.Open(data);
            await using var app = HunyuServer.Build(knowledge, ["--Hunyu:Server:MaxJsonBodyBytes=4096"], "http://127.0.0.1:0");
            await app.StartAsync(TestContext.Current.CancellationToken);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            var json = "{\"query\": \"" + new string('a', 64 * 1024) + "\"}";
            using var content = new StreamContent(new MemoryStream(Encoding.UTF8.GetBytes(json)));
            content.Headers.ContentType = new("application/json");
            using var request = new HttpRequestMessage(HttpMethod.Post, "/api/search") { Content = content };
            request.Headers.TransferEncodingChunked = true;

            using var response = await client.SendAsync(request, TestContext.Current.CancellationToken);

            var problem = await ApiClient.ReadProblemAsync(response, 413, "too_large");
            Assert.Contains("4 KB", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            TestDirectories.Delete(data);
        }
    }

    [Fact]
    public async Task Build_AppDisposed_LeavesTheKnowledgeBaseOpen()
    {
        var data = TestDirectories.Create();
        try
        {
            using var knowledge = KnowledgeBase.Open(data);
            await using (var app = HunyuServer.Build(knowledge, [], "http://127.0.0.1:0"))
            {
                await app.StartAsync(TestContext.Current.CancellationToken);
                await app.StopAsync(TestContext.Current.CancellationToken);
            }

            var runs = await knowledge.ListRunsAsync(1, cancellationToken: TestContext.Current.CancellationToken);
            Assert.Empty(runs);
        }
        finally
        {
            TestDirectories.Delete(data);
        }
    }

    [Fact]
    public async Task Build_NoUrlGiven_ListensOnTheDefaultUrl()
    {
        var data = TestDirectories.Create();
        try
        {
            using var knowledge = KnowledgeBase.Open(data);
            await using var app = HunyuServer.Build(knowledge, []);

            Assert.Equal(HunyuServer.DefaultUrls, app.Configuration["urls"]);
        }
        finally
        {
            TestDirectories.Delete(data);
        }
    }

    [Fact]
    public async Task Build_UrlsArgument_WinsOverTheDefault()
    {
        var data = TestDirectories.Create();
        try
        {
            using var knowledge = KnowledgeBase.Open(data);
            await using var app = HunyuServer.Build(knowledge, ["--urls=http://127.0.0.1:5999"]);

            Assert.Equal("http://127.0.0.1:5999", app.Configuration["urls"]);
        }
        finally
        {
            TestDirectories.Delete(data);
        }
    }

    [Fact]
    public void Build_OptionOutOfRange_FailsNamingTheSetting()
    {
        var data = TestDirectories.Create();
        try
        {
            using var knowledge = KnowledgeBase.Open(data);

            var error = Assert.Throws<OptionsValidationException>(() => HunyuServer.Build(knowledge, ["--Hunyu:Server:MaxJsonBodyBytes=5"], "http://127.0.0.1:0"));

            Assert.True(error.Message.Contains("Hunyu:Server:MaxJsonBodyBytes", StringComparison.Ordinal), error.Message);
        }
        finally
        {
            TestDirectories.Delete(data);
        }
    }

    [Fact]
    public async Task Build_StoreFails_ReadyIs503AndSearchIs500WithoutInternals()
    {
        var data = TestDirectories.Create();
        try
        {
            var knowledge = KnowledgeBase.Open(data);
            await using var app = HunyuServer.Build(knowledge, [], "http://127.0.0.1:0");
            await app.StartAsync(TestContext.Current.CancellationToken);
            using var client = new HttpClient { BaseAddress = new Uri(app.Urls.First()) };
            knowledge.Dispose();

            using var ready = await client.GetAsync("/health/ready", TestContext.Current.CancellationToken);
            using var live = await client.GetAsync("/health/live", TestContext.Current.CancellationToken);
            using var search = await ApiClient.PostJsonAsync(client, "/api/search", new { query = "年假", domains = new[] { "default" } });

            Assert.Equal(HttpStatusCode.ServiceUnavailable, ready.StatusCode);
            Assert.Equal(HttpStatusCode.OK, live.StatusCode);
            var problem = await ApiClient.ReadProblemAsync(search, 500, "internal_error");
            Assert.DoesNotContain("Exception", problem.GetRawText(), StringComparison.Ordinal);
            Assert.DoesNotContain(" at ", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
        }
        finally
        {
            TestDirectories.Delete(data);
        }
    }
}
