using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using Hunyu.Core.Audit;
using Hunyu.Models.Tests.Gateway;
using Hunyu.Tests.Shared;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Models;

namespace Hunyu.Server.Tests.OpenAI;

/// <summary><c>/v1/chat/completions</c> and <c>/v1/models</c> through the official OpenAI .NET client.</summary>
public sealed class ChatCompletionsTests
{
    private const string Question = "员工每年有几天带薪年假？";
    private const string ModelAnswer = "员工入职满一年后每年享有十五天带薪年假[1]。年假须提前两周向直属主管申请[1]。";

    [Fact]
    public async Task CompleteChat_Hunyu_AnswersWithCitationsInTextAndStructuredField()
    {
        await using var server = await LiveServer.StartAsync();
        var client = Chat(server, "hunyu");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage(Question)], cancellationToken: TestContext.Current.CancellationToken);

        var text = completion.Content[0].Text;
        Assert.Equal(ChatFinishReason.Stop, completion.FinishReason);
        Assert.Equal("hunyu", completion.Model);
        Assert.Contains("十五天", text, StringComparison.Ordinal);
        Assert.Contains("[1]", text, StringComparison.Ordinal);
        var raw = Raw(completion);
        var citation = raw.GetProperty("choices")[0].GetProperty("message").GetProperty("citations")[0];
        Assert.Equal(1, citation.GetProperty("number").GetInt32());
        Assert.Equal("员工手册", citation.GetProperty("title").GetString());
        Assert.False(string.IsNullOrEmpty(citation.GetProperty("document_id").GetString()));
        Assert.False(string.IsNullOrEmpty(citation.GetProperty("source").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(citation.GetProperty("snippet").GetString()));
        Assert.Equal("extractive", raw.GetProperty("hunyu").GetProperty("answerer").GetString());
        // No model, no token counts: no usage rather than zeros.
        Assert.False(raw.TryGetProperty("usage", out _));
    }

    [Fact]
    public async Task CompleteChatStreaming_Extractive_StreamsTheAnswerThenStop()
    {
        await using var server = await LiveServer.StartAsync();
        var client = Chat(server, "hunyu");

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var text = string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text));
        Assert.Contains("十五天", text, StringComparison.Ordinal);
        Assert.Contains("[1]", text, StringComparison.Ordinal);
        Assert.Equal(ChatMessageRole.Assistant, updates[0].Role);
        Assert.Equal(ChatFinishReason.Stop, updates[^1].FinishReason);
        Assert.All(updates, u => Assert.Equal("hunyu", u.Model));
        var last = Raw(updates[^1]);
        Assert.Equal(1, last.GetProperty("choices")[0].GetProperty("delta").GetProperty("citations")[0].GetProperty("number").GetInt32());
    }

    [Fact]
    public async Task CompleteChatStreaming_WithUpstreamModel_GroundedSentencesStreamThrough()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => ModelAnswer;
        chat.ChunkDelay = TimeSpan.FromMilliseconds(5);
        await using var server = await LiveServer.StartAsync(LiveServer.Model(chat.Endpoint));
        var client = Chat(server, "hunyu:default");

        var updates = new List<StreamingChatCompletionUpdate>();
        await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], cancellationToken: TestContext.Current.CancellationToken))
        {
            updates.Add(update);
        }

        var pieces = updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text).Where(t => t.Length > 0).ToList();
        Assert.Equal(2, pieces.Count);
        Assert.Contains("十五天", pieces[0], StringComparison.Ordinal);
        Assert.Contains("两周", pieces[1], StringComparison.Ordinal);
        var last = Raw(updates[^1]);
        Assert.Equal("model:local", last.GetProperty("hunyu").GetProperty("answerer").GetString());
        Assert.Equal("local", last.GetProperty("hunyu").GetProperty("decision").GetProperty("model").GetString());
        Assert.NotEmpty(last.GetProperty("choices")[0].GetProperty("delta").GetProperty("citations").EnumerateArray());
        Assert.True(Assert.Single(chat.Requests).Stream);
        // The upstream's usage (the fake counts characters) on the last chunk.
        Assert.Equal(ModelAnswer.Length, updates[^1].Usage.OutputTokenCount);
        Assert.Equal(chat.Requests.Single().Messages.Sum(m => m.Content.Length), updates[^1].Usage.InputTokenCount);
    }

    [Fact]
    public async Task CompleteChat_WithUpstreamModelAndHistory_FollowUpIsRewrittenAndAnswered()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = request => request.AllText.Contains("Rewrite the user's last question", StringComparison.Ordinal)
            ? "报销单须在出差结束后多少日内提交？"
            : "差旅费用须在出差结束后三十日内提交报销单[1]。";
        await using var server = await LiveServer.StartAsync(LiveServer.Model(chat.Endpoint));
        var client = Chat(server, "hunyu");

        ChatCompletion completion = await client.CompleteChatAsync(
            [new SystemChatMessage("You are helpful."), new UserChatMessage(Question), new AssistantChatMessage("员工入职满一年后每年享有十五天带薪年假。[1]"), new UserChatMessage("那报销呢，多久内交？")],
            cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("三十日", completion.Content[0].Text, StringComparison.Ordinal);
        var rewritten = Raw(completion).GetProperty("hunyu").GetProperty("rewritten");
        Assert.Equal(("model", "报销单须在出差结束后多少日内提交？"), (rewritten.GetProperty("method").GetString(), rewritten.GetProperty("text").GetString()));
        Assert.DoesNotContain(chat.Requests, r => r.AllText.Contains("You are helpful.", StringComparison.Ordinal));
    }

    [Fact]
    public async Task CompleteChatStreaming_ClientDisconnectsMidStream_CancelsTheUpstreamRequest()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => string.Concat(Enumerable.Repeat("员工入职满一年后每年享有十五天带薪年假[1]。", 40));
        chat.ChunkDelay = TimeSpan.FromMilliseconds(100);
        await using var server = await LiveServer.StartAsync(LiveServer.Model(chat.Endpoint));
        var client = Chat(server, "hunyu");
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(TestContext.Current.CancellationToken);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var update in client.CompleteChatStreamingAsync([new UserChatMessage(Question)], cancellationToken: cancel.Token))
            {
                if (update.ContentUpdate.Any(p => p.Text.Length > 0))
                {
                    await cancel.CancelAsync();
                }
            }
        });

        await Poll.UntilAsync(() => chat.Aborted == 1);
        var entries = await WaitForAsync(() => server.Knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask }), found => found.Count == 1);
        Assert.Equal(("failed", "cancelled"), (entries[0].Outcome, entries[0].Code));
    }

    [Fact]
    public async Task GetModels_ListsHunyuEachDomainAndConfiguredScenarios()
    {
        await using var server = await LiveServer.StartAsync(("Hunyu:Chat:Models:it-ops:Domains:0", "default"), ("Hunyu:Chat:Models:it-ops:Speciality", "general"));
        var models = new OpenAIModelClient(new ApiKeyCredential(server.ApiKey), Options(server));

        OpenAIModelCollection list = await models.GetModelsAsync(TestContext.Current.CancellationToken);

        Assert.Equal(["hunyu", "it-ops", "hunyu:default"], list.Select(m => m.Id));
        Assert.All(list, m => Assert.Equal("hunyu", m.OwnedBy));
    }

    [Fact]
    public async Task CompleteChat_ConfiguredScenario_AnswersFromItsDomains()
    {
        await using var server = await LiveServer.StartAsync(("Hunyu:Chat:Models:it-ops:Domains:0", "default"));
        var client = Chat(server, "it-ops");

        ChatCompletion completion = await client.CompleteChatAsync([new UserChatMessage("机房温度保持在多少度？")], cancellationToken: TestContext.Current.CancellationToken);

        Assert.Contains("二十二摄氏度", completion.Content[0].Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_UnknownModel_404InOpenAIErrorFormat()
    {
        await using var server = await LiveServer.StartAsync();
        var client = Chat(server, "gpt-4o");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Question)], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(404, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal(("invalid_request_error", "model_not_found"), (body.GetProperty("type").GetString(), body.GetProperty("code").GetString()));
        Assert.Contains("gpt-4o", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task CompleteChat_LastMessageNotTheUsers_400InOpenAIErrorFormat()
    {
        await using var server = await LiveServer.StartAsync();
        var client = Chat(server, "hunyu");

        var error = await Assert.ThrowsAsync<ClientResultException>(() => client.CompleteChatAsync([new UserChatMessage(Question), new AssistantChatMessage("ok")], cancellationToken: TestContext.Current.CancellationToken));

        Assert.Equal(400, error.Status);
        var body = JsonDocument.Parse(error.GetRawResponse()!.Content.ToString()).RootElement.GetProperty("error");
        Assert.Equal(("invalid_request_error", "invalid_argument"), (body.GetProperty("type").GetString(), body.GetProperty("code").GetString()));
        Assert.Contains("last message", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChatCompletions_InvalidJson_400InOpenAIErrorFormat()
    {
        await using var server = await LiveServer.StartAsync();

        using var response = await ApiClient.PostJsonAsync(server.Client, "/v1/chat/completions", "{\"model\": \"hunyu\", \"messages\": [");

        Assert.Equal(400, (int)response.StatusCode);
        var body = (await ApiClient.ReadJsonAsync(response)).GetProperty("error");
        Assert.Equal("invalid_argument", body.GetProperty("code").GetString());
        Assert.StartsWith("request body is not valid JSON", body.GetProperty("message").GetString(), StringComparison.Ordinal);
    }

    private static ChatClient Chat(LiveServer server, string model) => new(model, new ApiKeyCredential(server.ApiKey), Options(server));

    private static OpenAIClientOptions Options(LiveServer server)
    {
        // The client always sends its key: the live server's administrator key (a presented credential is always checked).
        return new OpenAIClientOptions { Endpoint = new Uri(server.Url + "/v1"), NetworkTimeout = TimeSpan.FromMinutes(2) };
    }

    /// <summary>The JSON the client received, with the fields it has no property for (citations, hunyu).</summary>
    private static JsonElement Raw<T>(T model)
        where T : IPersistableModel<T>
    {
        using var document = JsonDocument.Parse(ModelReaderWriter.Write(model, ModelReaderWriterOptions.Json).ToString());
        return document.RootElement.Clone();
    }

    private static async Task<T> WaitForAsync<T>(Func<Task<T>> read, Func<T, bool> done)
    {
        var value = await read();
        for (var i = 0; i < 600 && !done(value); i++)
        {
            await Task.Delay(50, TestContext.Current.CancellationToken);
            value = await read();
        }

        Assert.True(done(value));
        return value;
    }
}
