using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using Hunyu.Models.Tests.Gateway;

namespace Hunyu.Server.Tests.Api;

/// <summary><c>POST /api/ask</c> as Server-Sent Events, and follow-up questions with <c>history</c>.</summary>
public sealed class AskStreamApiTests
{
    private const string Question = "员工每年有几天带薪年假？";

    [Fact]
    public async Task Ask_StreamTrue_SendsDeltasThenTheAnswerInTheNonStreamShape()
    {
        await using var server = await LiveServer.StartAsync();

        using var response = await ApiClient.PostJsonAsync(server.Client, "/api/ask", new { question = Question, stream = true });
        var events = await ServerSentEvent.ReadAllAsync(response);
        using var whole = await ApiClient.PostJsonAsync(server.Client, "/api/ask", new { question = Question });
        var expected = await ApiClient.ReadJsonAsync(whole);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(["delta", "answer"], events.Select(e => e.Name));
        var answer = events[^1].Json();
        Assert.Equal(expected.GetProperty("answer").GetString(), answer.GetProperty("answer").GetString());
        Assert.Equal(answer.GetProperty("answer").GetString(), events[0].Json().GetProperty("text").GetString());
        Assert.Equal(expected.GetProperty("citations").GetRawText(), answer.GetProperty("citations").GetRawText());
        Assert.Equal("extractive", answer.GetProperty("answerer").GetString());
        Assert.False(answer.GetProperty("abstained").GetBoolean());
        Assert.NotEmpty(answer.GetProperty("hits").EnumerateArray());
    }

    [Fact]
    public async Task Ask_AcceptEventStream_Streams()
    {
        await using var server = await LiveServer.StartAsync();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/ask") { Content = new StringContent(JsonSerializer.Serialize(new { question = Question }), Encoding.UTF8, "application/json") };
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));

        using var response = await server.Client.SendAsync(request, TestContext.Current.CancellationToken);

        Assert.Equal("answer", (await ServerSentEvent.ReadAllAsync(response))[^1].Name);
    }

    [Fact]
    public async Task Ask_StreamWithModel_SentencesArriveAsSeparateDeltasBeforeTheAnswer()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => "员工入职满一年后每年享有十五天带薪年假[1]。年假须提前两周向直属主管申请[1]。";
        chat.ChunkDelay = TimeSpan.FromMilliseconds(5);
        await using var server = await LiveServer.StartAsync(LiveServer.Model(chat.Endpoint));

        using var response = await ApiClient.PostJsonAsync(server.Client, "/api/ask", new { question = Question, stream = true });
        var events = await ServerSentEvent.ReadAllAsync(response);

        Assert.Equal(["delta", "delta", "answer"], events.Select(e => e.Name));
        var answer = events[^1].Json();
        Assert.Equal("model:local", answer.GetProperty("answerer").GetString());
        Assert.Equal("local", answer.GetProperty("decision").GetProperty("model").GetString());
        Assert.Equal(answer.GetProperty("answer").GetString(), string.Concat(events.SkipLast(1).Select(e => e.Json().GetProperty("text").GetString())));
        Assert.Equal(1, answer.GetProperty("citations")[0].GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task Ask_StreamWithEmptyQuestion_Returns400ProblemNotAStream()
    {
        await using var server = await LiveServer.StartAsync();

        using var response = await ApiClient.PostJsonAsync(server.Client, "/api/ask", new { question = " ", stream = true });

        await ApiClient.ReadProblemAsync(response, 400, "invalid_query");
    }

    [Fact]
    public async Task Ask_WithHistory_AnswersTheStandaloneFollowUpAndShowsIt()
    {
        await using var server = await LiveServer.StartAsync();
        var history = new[] { new { question = "机房温度保持在多少度？", answer = "机房温度常年保持在二十二摄氏度。[1]" } };

        using var response = await ApiClient.PostJsonAsync(server.Client, "/api/ask", new { question = "那湿度呢？", history });

        var body = await ApiClient.ReadJsonAsync(response);
        var rewritten = body.GetProperty("rewritten");
        Assert.Equal("heuristic", rewritten.GetProperty("method").GetString());
        Assert.Contains("机房", rewritten.GetProperty("text").GetString(), StringComparison.Ordinal);
        Assert.Contains("百分之四十五", body.GetProperty("answer").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ask_HistoryTurnWithoutQuestion_Returns400NamingTheTurn()
    {
        await using var server = await LiveServer.StartAsync();

        using var response = await ApiClient.PostJsonAsync(server.Client, "/api/ask", new { question = "那湿度呢？", history = new[] { new { answer = "x" } } });

        var problem = await ApiClient.ReadProblemAsync(response, 400, "invalid_argument");
        Assert.StartsWith("history[0].question", problem.GetProperty("detail").GetString(), StringComparison.Ordinal);
    }
}
