using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text;
using System.Text.Json;
using Hunyu.Core.Audit;
using Hunyu.Models.Tests.Gateway;
using Hunyu.Tests.Shared;
using OpenAI;
using OpenAI.Chat;

namespace Hunyu.Server.Tests.Api;

/// <summary>
/// Issue 5's local path end to end: a GGUF model (a tiny scripted one written by <see cref="TinyGguf"/>, run by
/// llama.cpp) answers <c>/api/ask</c> and <c>/v1/chat/completions</c> with grounded, cited sentences, routed by policy.
/// </summary>
public sealed class GgufModelApiTests
{
    private const string Question = "员工每年有几天带薪年假？";

    /// <summary>What the handbook's annual-leave paragraph states, citing it at the end, as the model's three tokens.</summary>
    private static readonly string[] LeaveScript = ["员工入职满一年后每年享有十五天带薪年假", "[1]", "。"];

    private const string Code = "zqggufcase";

    [Fact]
    public async Task AskAndChatCompletions_GgufModel_AnswerWithItsGeneratedSentenceCitedAndVerified()
    {
        var folder = TestDirectories.Create();
        try
        {
            await using var server = await LiveServer.StartAsync(Gguf("laptop", Write(folder, LeaveScript)));

            using var asked = await ApiClient.PostJsonAsync(server.Client, "/api/ask", new { question = Question });
            var body = await ApiClient.ReadJsonAsync(asked.EnsureSuccessStatusCode());
            var completion = (ChatCompletion)await Chat(server).CompleteChatAsync([new UserChatMessage(Question)], cancellationToken: TestContext.Current.CancellationToken);

            Assert.Equal("员工入职满一年后每年享有十五天带薪年假。 [1]", body.GetProperty("answer").GetString());
            Assert.Equal("model:laptop", body.GetProperty("answerer").GetString());
            var citation = Assert.Single(body.GetProperty("citations").EnumerateArray());
            Assert.Equal("员工手册", citation.GetProperty("title").GetString());
            Assert.Contains("十五天带薪年假", citation.GetProperty("quote").GetString(), StringComparison.Ordinal);
            var decision = body.GetProperty("decision");
            Assert.Equal("laptop", decision.GetProperty("model").GetString());
            Assert.Contains("answered by laptop", decision.GetProperty("reasons").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal(LeaveScript.Length, decision.GetProperty("usage").GetProperty("completion_tokens").GetInt32());

            Assert.Equal(body.GetProperty("answer").GetString(), completion.Content[0].Text);
            var raw = Raw(completion);
            Assert.Equal(citation.GetProperty("document_id").GetString(), Assert.Single(raw.GetProperty("choices")[0].GetProperty("message").GetProperty("citations").EnumerateArray()).GetProperty("document_id").GetString());
            Assert.Equal("model:laptop", raw.GetProperty("hunyu").GetProperty("answerer").GetString());
            // usage: the local model's own token counts (its tokenizer), not zeros.
            Assert.Equal(LeaveScript.Length, completion.Usage.OutputTokenCount);
            Assert.True(completion.Usage.InputTokenCount > Question.Length);
            Assert.Equal(completion.Usage.InputTokenCount + LeaveScript.Length, completion.Usage.TotalTokenCount);

            // Both asks are audited with the model the evidence went to.
            var audited = await server.Knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask }, TestContext.Current.CancellationToken);
            Assert.Equal(2, audited.Count);
            Assert.All(audited, e => Assert.Equal("model:laptop", JsonDocument.Parse(e.Detail).RootElement.GetProperty("answerer").GetString()));
        }
        finally
        {
            TestDirectories.Delete(folder);
        }
    }

    [Fact]
    public async Task AskStreaming_SensitiveEvidence_GoesToTheEdgeGgufModelNotTheCloudOne()
    {
        await using var cloud = await FakeChatServer.StartAsync();
        cloud.Reply = _ => $"客户 {Code} 负责华东区业务[1]。";
        var folder = TestDirectories.Create();
        try
        {
            string[] script = [$"客户 {Code} 负责华东区业务", "[1]", "。"];
            (string, string?)[] cloudModel =
            [
                ("Hunyu:Models:cloud:Provider", "openai"), ("Hunyu:Models:cloud:Endpoint", cloud.Endpoint), ("Hunyu:Models:cloud:Model", "fake"), ("Hunyu:Models:cloud:Location", "cloud"),
            ];
            await using var server = await LiveServer.StartAsync([.. cloudModel, .. Gguf("laptop", Write(folder, script))]);
            // A customer record naming a person with an identity and a mobile number: masked and flagged sensitive at ingest.
            var record = Encoding.UTF8.GetBytes($"# 客户档案\n\n联系人：王小明，身份证号11010519491231002X，手机13812345678。客户 {Code} 负责华东区业务。");
            (await ApiClient.UploadAsync(server.Client, null, ("contact.md", record))).EnsureSuccessStatusCode().Dispose();

            var updates = new List<StreamingChatCompletionUpdate>();
            await foreach (var update in Chat(server).CompleteChatStreamingAsync([new UserChatMessage($"客户{Code}负责哪个区的业务？")], cancellationToken: TestContext.Current.CancellationToken))
            {
                updates.Add(update);
            }

            Assert.Equal($"客户 {Code} 负责华东区业务。 [1]", string.Concat(updates.SelectMany(u => u.ContentUpdate).Select(p => p.Text)));
            var last = Raw(updates[^1]);
            var decision = last.GetProperty("hunyu").GetProperty("decision");
            Assert.Equal("laptop", decision.GetProperty("model").GetString());
            Assert.Contains(decision.GetProperty("reasons").EnumerateArray(), r => r.GetString()!.StartsWith("cloud (cloud): excluded: the evidence is sensitive", StringComparison.Ordinal));
            Assert.Empty(cloud.Requests);
            Assert.Equal(script.Length, updates[^1].Usage.OutputTokenCount);
        }
        finally
        {
            TestDirectories.Delete(folder);
        }
    }

    private static string Write(string folder, string[] script)
    {
        var path = Path.Combine(folder, "model.gguf");
        TinyGguf.Write(path, script);
        return path;
    }

    /// <summary>Settings for the edge GGUF model <paramref name="name"/>; the context holds the byte-token prompt.</summary>
    private static (string, string?)[] Gguf(string name, string path) =>
    [
        ($"Hunyu:Models:{name}:Provider", "gguf"),
        ($"Hunyu:Models:{name}:ModelPath", path),
        ($"Hunyu:Models:{name}:Location", "edge"),
        ($"Hunyu:Models:{name}:ContextWindow", "16384"),
    ];

    private static ChatClient Chat(LiveServer server) =>
        new("hunyu", new ApiKeyCredential(server.ApiKey), new OpenAIClientOptions { Endpoint = new Uri(server.Url + "/v1"), NetworkTimeout = TimeSpan.FromMinutes(2) });

    private static JsonElement Raw<T>(T model)
        where T : IPersistableModel<T>
    {
        using var document = JsonDocument.Parse(ModelReaderWriter.Write(model, ModelReaderWriterOptions.Json).ToString());
        return document.RootElement.Clone();
    }
}
