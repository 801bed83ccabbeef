using System.Text.Json;
using Hunyu.Core.Audit;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Configuration;
using Hunyu.Ingestion.Jobs;
using Hunyu.Models.Grounding;
using Hunyu.Models.Tests.Gateway;
using Hunyu.Tests.Shared;
using Microsoft.Extensions.Configuration;

namespace Hunyu.Hosting.Tests;

/// <summary>Follow-ups are made standalone before retrieval, and the streamed answer is the whole answer, audited once.</summary>
public sealed class AskStreamTests : IDisposable
{
    private const string Question = "入职满一年的员工有几天带薪年假？";
    private const string ModelAnswer = "入职满一年的员工每年享有五天带薪年假[1]。年假须提前一周申请[1]。";

    private readonly TestFolder _folder = new();

    public AskStreamTests()
    {
        _folder.Write("leave.md", "# 假期制度\n\n员工入职满一年的，每年享有五天带薪年假。年假须提前一周申请。\n\n病假每年累计不超过十天，须提供医院证明。");
        _folder.Write("game.md", "# Bubble Fighter\n\nBubble Fighter is an online shooting game developed by Neowiz. In Taiwan the game is published by Gamania.");
    }

    [Fact]
    public async Task AskAsync_FollowUpWithoutModel_IsRewrittenHeuristicallyAndTheRewriteIsInTheResultAndAudit()
    {
        using var knowledge = await OpenAsync(null);
        var request = new AskRequest
        {
            Search = new SearchRequest { Query = "Who publishes it in Taiwan?", Principal = Principal.LocalAdmin },
            History = [new ConversationTurn("What is Bubble Fighter?", "Bubble Fighter is an online shooting game developed by Neowiz. [1]")],
        };

        var result = await knowledge.AskAsync(request);

        Assert.Equal("heuristic", result.Rewritten?.Method);
        Assert.Contains("bubble fighter", result.Rewritten!.Text, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Taiwan", result.Rewritten.Text, StringComparison.Ordinal);
        Assert.False(result.Answer.Abstained);
        Assert.Contains("Gamania", result.Answer.Text, StringComparison.Ordinal);
        var entry = (await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask })).Single();
        var detail = JsonDocument.Parse(entry.Detail).RootElement;
        Assert.Equal("Who publishes it in Taiwan?", detail.GetProperty("question").GetString());
        Assert.Equal(result.Rewritten.Text, detail.GetProperty("standalone").GetString());
        Assert.Equal(1, detail.GetProperty("turns").GetInt32());
    }

    [Fact]
    public async Task AskAsync_NoHistory_LeavesTheQuestionAsAsked()
    {
        using var knowledge = await OpenAsync(null);

        var result = await knowledge.AskAsync(new AskRequest { Search = new SearchRequest { Query = Question, Principal = Principal.LocalAdmin } });

        Assert.Null(result.Rewritten);
        Assert.Contains("五天", result.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_FollowUpWithModel_TheModelRewritesAndTheAnswerIsAskedForTheStandaloneQuestion()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = request => request.AllText.Contains("Rewrite the user's last question", StringComparison.Ordinal)
            ? "员工每年有几天病假？"
            : "病假每年累计不超过十天[1]。";
        using var knowledge = await OpenAsync(chat.Endpoint);
        var request = new AskRequest
        {
            Search = new SearchRequest { Query = "那病假呢？", Principal = Principal.LocalAdmin },
            History = [new ConversationTurn(Question, "入职满一年的员工每年享有五天带薪年假。[1]")],
        };

        var result = await knowledge.AskAsync(request);

        Assert.Equal(("model", "员工每年有几天病假？"), (result.Rewritten?.Method, result.Rewritten?.Text));
        Assert.Equal("model:local", result.Answer.Answerer);
        Assert.Contains("十天", result.Answer.Text, StringComparison.Ordinal);
        var requests = chat.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Contains("员工每年有几天病假？", requests[1].LastUser, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_HistoryTurnWithoutQuestion_IsRefusedNamingTheTurn()
    {
        using var knowledge = await OpenAsync(null);
        var request = new AskRequest
        {
            Search = new SearchRequest { Query = "那病假呢？", Principal = Principal.LocalAdmin },
            History = [new ConversationTurn(Question), new ConversationTurn(" ")],
        };

        var error = await Assert.ThrowsAsync<Core.Errors.HunyuException>(() => knowledge.AskAsync(request));

        Assert.Equal("invalid_argument", error.Error.Code);
        Assert.StartsWith("history[1].question: empty", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskStreamAsync_Extractive_OneTextDeltaThenTheFinalResult_AuditedOnceLikeAskAsync()
    {
        using var knowledge = await OpenAsync(null);
        var request = new AskRequest { Search = new SearchRequest { Query = Question, Principal = Principal.LocalAdmin } };

        var deltas = await knowledge.AskStreamAsync(request).ToListAsync();
        var whole = await knowledge.AskAsync(request);

        Assert.Equal(2, deltas.Count);
        Assert.Null(deltas[0].Final);
        var final = deltas[1].Final!;
        Assert.Equal(string.Empty, deltas[1].Text);
        Assert.Equal(final.Answer.Text, deltas[0].Text);
        Assert.Equal((whole.Answer.Text, whole.Answer.Answerer), (final.Answer.Text, final.Answer.Answerer));
        Assert.Equal(whole.Answer.Citations, final.Answer.Citations);
        var entries = await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask });
        Assert.Equal(2, entries.Count);
        Assert.All(entries, e => Assert.Equal("ok", e.Outcome));
        Assert.Equal(entries[0].Detail, entries[1].Detail);
    }

    [Fact]
    public async Task AskStreamAsync_Model_StreamsCheckedSentencesBeforeTheFinalAnswer()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => ModelAnswer;
        using var knowledge = await OpenAsync(chat.Endpoint);

        var deltas = await knowledge.AskStreamAsync(new AskRequest { Search = new SearchRequest { Query = Question, Principal = Principal.LocalAdmin } }).ToListAsync();

        var final = deltas[^1].Final!;
        Assert.Equal(2, deltas.Count - 1);
        Assert.All(deltas.SkipLast(1), d => Assert.Null(d.Final));
        Assert.Equal(final.Answer.Text, string.Concat(deltas.SkipLast(1).Select(d => d.Text)));
        Assert.Equal("model:local", final.Answer.Answerer);
        Assert.Equal("local", final.Decision?.Model);
        Assert.True(Assert.Single(chat.Requests).Stream);
        var entry = Assert.Single(await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask }));
        Assert.Equal("ok", entry.Outcome);
        Assert.Equal(final.Answer.Citations.Select(c => c.DocumentId).Distinct(), JsonDocument.Parse(entry.Detail).RootElement.GetProperty("cited").EnumerateArray().Select(d => d.GetString()));
    }

    [Fact]
    public async Task AskStreamAsync_CallerCancelsMidStream_CancelsTheModelRequestAndRecordsCancelled()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => string.Concat(Enumerable.Repeat("入职满一年的员工每年享有五天带薪年假[1]。", 30));
        chat.ChunkDelay = TimeSpan.FromMilliseconds(100);
        using var knowledge = await OpenAsync(chat.Endpoint);
        using var cancel = new CancellationTokenSource();
        var request = new AskRequest { Search = new SearchRequest { Query = Question, Principal = Principal.LocalAdmin } };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in knowledge.AskStreamAsync(request, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        await Poll.UntilAsync(() => chat.Aborted == 1);
        var entry = Assert.Single(await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask }));
        Assert.Equal(("failed", "cancelled"), (entry.Outcome, entry.Code));
    }

    [Fact]
    public async Task AskStreamAsync_CallerStopsReadingEarly_RecordsCancelled()
    {
        using var knowledge = await OpenAsync(null);

        await foreach (var delta in knowledge.AskStreamAsync(new AskRequest { Search = new SearchRequest { Query = Question, Principal = Principal.LocalAdmin } }))
        {
            Assert.Null(delta.Final);
            break;
        }

        var entry = Assert.Single(await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask }));
        Assert.Equal(("failed", "cancelled"), (entry.Outcome, entry.Code));
    }

    [Fact]
    public async Task AskStreamAsync_InvalidQuestion_FailsOnTheFirstMoveAndIsRecorded()
    {
        using var knowledge = await OpenAsync(null);

        var error = await Assert.ThrowsAsync<Core.Errors.HunyuException>(async () =>
            await knowledge.AskStreamAsync(new AskRequest { Search = new SearchRequest { Query = " ", Principal = Principal.LocalAdmin } }).ToListAsync());

        Assert.Equal("invalid_query", error.Error.Code);
        var entry = Assert.Single(await knowledge.Audit.SearchAsync(new AuditQuery { Action = AuditActions.Ask }));
        Assert.Equal(("failed", "invalid_query"), (entry.Outcome, entry.Code));
    }

    public void Dispose() => _folder.Dispose();

    private async Task<KnowledgeBase> OpenAsync(string? modelEndpoint)
    {
        var settings = new Dictionary<string, string?>();
        if (modelEndpoint is not null)
        {
            settings["Hunyu:Models:local:Provider"] = "openai";
            settings["Hunyu:Models:local:Endpoint"] = modelEndpoint;
            settings["Hunyu:Models:local:Model"] = "fake";
            settings["Hunyu:Models:local:Location"] = "on_prem";
            settings["Hunyu:Models:local:Timeout"] = "00:00:30";
        }

        var knowledge = KnowledgeBase.Open(_folder.Data, HunyuConfiguration.Options(new ConfigurationBuilder().AddInMemoryCollection(settings).Build()));
        await knowledge.IngestAsync(new IngestionRequest { Path = _folder.Source, Domain = "handbook" });
        return knowledge;
    }
}
