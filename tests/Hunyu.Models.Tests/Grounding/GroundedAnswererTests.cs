using Hunyu.Core.Answers;
using Hunyu.Core.Search;
using Hunyu.Models.Gateway;
using Hunyu.Models.Grounding;
using Hunyu.Models.Tests.Gateway;
using Hunyu.Tests.Shared;

namespace Hunyu.Models.Tests.Grounding;

public sealed class GroundedAnswererTests
{
    /// <summary>The question the grounding tests ask (the GGUF model tests too).</summary>
    internal const string Question = "入职满一年的员工有几天带薪年假？";

    /// <summary>Three passages, [1] answering <see cref="Question"/>.</summary>
    internal static readonly SearchHit[] Evidence =
    [
        Hit(1, "handbook:3", "员工手册", "入职满一年的员工每年享有 10 个工作日带薪年假。病假须提供医院证明。"),
        Hit(2, "handbook:4", "员工手册", "入职满十年的员工每年享有 15 个工作日带薪年假。年假可以分次休。"),
        Hit(3, "policy:0", "报销制度", "报销须在费用发生后 30 日内提交，由财务部审核。"),
    ];

    [Fact]
    public async Task AskAsync_ModelCitesItsPassages_AnswerKeepsThemRenumberedWithQuotes()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "入职满十年的员工每年享有 15 个工作日带薪年假。[2] 入职满一年的员工每年享有 10 个工作日带薪年假。[1]";
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence });

        Assert.Equal("入职满十年的员工每年享有 15 个工作日带薪年假。 [1] 入职满一年的员工每年享有 10 个工作日带薪年假。 [2]", result.Answer.Text);
        Assert.Equal(["handbook:4", "handbook:3"], result.Answer.Citations.Select(c => c.CitationId));
        Assert.Equal("入职满十年的员工每年享有 15 个工作日带薪年假。", result.Answer.Citations[0].Quote);
        Assert.Equal("model:m", result.Answer.Answerer);
        Assert.False(result.Answer.Abstained);
        Assert.Empty(result.Notes);
    }

    [Fact]
    public async Task AskAsync_PromptNumbersThePassagesAndAsksForCitationsInTheQuestionsLanguage()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "入职满一年的员工每年享有 10 个工作日带薪年假。[1]";
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence });

        var sent = server.Requests.Single();
        Assert.Contains("[1] 员工手册\n入职满一年的员工每年享有 10 个工作日带薪年假。", sent.LastUser, StringComparison.Ordinal);
        Assert.Contains("[3] 报销制度\n", sent.LastUser, StringComparison.Ordinal);
        Assert.EndsWith("Question: " + Question, sent.LastUser, StringComparison.Ordinal);
        Assert.Contains("cite the passage(s) that state it, as [n]", sent.AllText, StringComparison.Ordinal);
        Assert.Contains("Answer in Chinese", sent.AllText, StringComparison.Ordinal);
        Assert.Contains(GroundingOptions.NotFoundToken, sent.AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_BadCitations_RemovesInventedUncitedAndUnsupportedSentencesAndSaysSo()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ =>
            "入职满一年的员工每年享有 10 个工作日带薪年假。[1] " + // supported
            "年假可以分次休。[9] " + // passage 9 of 3
            "公司每年还发放 5000 元旅游补贴。 " + // uncited claim
            "入职满一年的员工每年享有 20 个工作日带薪年假。[1]"; // the cited passage says 10
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence });

        Assert.Equal("入职满一年的员工每年享有 10 个工作日带薪年假。 [1]", result.Answer.Text);
        Assert.Equal(
            [SupportVerdict.Supported, SupportVerdict.InvalidCitation, SupportVerdict.Uncited, SupportVerdict.Unsupported],
            result.Checks.Select(c => c.Verdict));
        Assert.Contains("rejected citation [9]: there are 3 passage(s)", result.Notes);
        Assert.Contains(result.Notes, n => n.StartsWith("removed a sentence (unsupported by its citation: the number 20 is not in [1])", StringComparison.Ordinal));
        Assert.Single(result.Answer.Citations);
    }

    [Fact]
    public async Task AskAsync_FlagPolicy_KeepsUnsupportedSentencesMarkedAndUncited()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "入职满一年的员工每年享有 10 个工作日带薪年假。[1] 公司每年还发放 5000 元旅游补贴。[3]";
        var answerer = Answerer(server, out var registry, new GroundingOptions { UnsupportedSentences = UnsupportedSentencePolicy.Flag });
        using var _ = registry;

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence });

        Assert.Equal("入职满一年的员工每年享有 10 个工作日带薪年假。 [1] 公司每年还发放 5000 元旅游补贴。 [?]", result.Answer.Text);
        Assert.Equal(["handbook:3"], result.Answer.Citations.Select(c => c.CitationId));
    }

    [Fact]
    public async Task AskAsync_NoSentenceSupported_GivesTheExtractiveAnswerAndSaysWhy()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "每位员工每年有 30 天年假。";
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence });

        Assert.Equal(GroundedAnswerer.ExtractiveFallback, result.Answer.Answerer);
        Assert.Contains("10 个工作日带薪年假", result.Answer.Text, StringComparison.Ordinal);
        Assert.DoesNotContain("30 天", result.Answer.Text, StringComparison.Ordinal);
        Assert.Contains("extractive answer instead: no sentence of the model's answer was supported by the passages it cites", result.Notes);
    }

    [Fact]
    public async Task AskAsync_ModelDown_GivesTheExtractiveAnswerAndTheDecisionNamesTheFailure()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.FailureStatus = 503;
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence });

        Assert.Equal(GroundedAnswerer.ExtractiveFallback, result.Answer.Answerer);
        Assert.NotEmpty(result.Answer.Citations);
        Assert.Contains("HTTP 503", result.Decision.Attempts.Single().Detail, StringComparison.Ordinal);
        Assert.Equal("extractive answer instead: no model answered", result.Decision.Reasons[^1]);
    }

    [Fact]
    public async Task AskAsync_SensitiveEvidence_OnPremModelAnswersEvenThoughTheCloudSpecialistIsPreferred()
    {
        await using var cloud = await FakeChatServer.StartAsync();
        await using var local = await FakeChatServer.StartAsync();
        local.Reply = _ => "入职满一年的员工每年享有 10 个工作日带薪年假。[1]";
        using var registry = TestModels.Registry(("cloud-hr", TestModels.Options(cloud, "cloud", specialities: ["hr"])), ("local", TestModels.Options(local, "on_prem")));
        var answerer = new GroundedAnswerer(new ModelGateway(registry));
        var evidence = Evidence.Select((h, i) => i == 1 ? h with { Sensitive = true } : h).ToList();

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = evidence, Speciality = "hr", PreferredModel = "cloud-hr" });

        Assert.Equal("model:local", result.Answer.Answerer);
        Assert.Empty(cloud.Requests);
        Assert.Contains(result.Decision.Reasons, r => r.StartsWith("cloud-hr (cloud): excluded: the evidence is sensitive", StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskAsync_SensitiveEvidenceAndOnlyCloudModels_ExtractiveWithAClearReasonAndNothingSent()
    {
        await using var cloud = await FakeChatServer.StartAsync();
        using var registry = TestModels.Registry(("cloud", TestModels.Options(cloud, "cloud")));
        var answerer = new GroundedAnswerer(new ModelGateway(registry));
        var evidence = Evidence.Select(h => h with { Sensitive = true }).ToList();

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = evidence });

        Assert.Equal(GroundedAnswerer.ExtractiveFallback, result.Answer.Answerer);
        Assert.Empty(cloud.Requests);
        Assert.Contains("no on_prem or edge chat model may take this sensitive request", result.Decision.Reasons);
        Assert.Null(result.Decision.Model);
    }

    [Fact]
    public async Task AskAsync_EvidenceDoesNotCoverTheQuestion_AbstainsWithoutCallingTheModel()
    {
        await using var server = await FakeChatServer.StartAsync();
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var result = await answerer.AskAsync(new GroundedRequest { Question = "量子色动力学的渐近自由是什么？", Evidence = Evidence });

        Assert.True(result.Answer.Abstained);
        Assert.Equal(Answer.NotFoundText, result.Answer.Text);
        Assert.Empty(server.Requests);
    }

    [Fact]
    public async Task AskAsync_ModelRepliesNotFound_Abstains()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "NOT_FOUND";
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var result = await answerer.AskAsync(new GroundedRequest { Question = Question, Evidence = Evidence });

        Assert.True(result.Answer.Abstained);
        Assert.Equal("model:m", result.Answer.Answerer);
        Assert.Empty(result.Answer.Citations);
    }

    [Fact]
    public async Task AnswerAsync_NoModelConfigured_IsTheExtractiveAnswer()
    {
        var answer = await new GroundedAnswerer(gateway: null).AnswerAsync(Question, Evidence);

        Assert.Equal("extractive", answer.Answerer);
        Assert.Contains("[1]", answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task StreamAsync_SendsOnlyCheckedSentencesThenTheFinalAnswer()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "入职满一年的员工每年享有 10 个工作日带薪年假。[1] 年假可以分次休。[9] 入职满十年的员工每年享有 15 个工作日带薪年假。[2]";
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var deltas = new List<AnswerDelta>();
        await foreach (var delta in answerer.StreamAsync(new GroundedRequest { Question = Question, Evidence = Evidence }))
        {
            deltas.Add(delta);
        }

        var final = deltas[^1].Final!;
        var streamed = string.Concat(deltas.SkipLast(1).Select(d => d.Text));
        Assert.Equal(2, deltas.Count - 1);
        Assert.Equal(final.Answer.Text, streamed);
        Assert.DoesNotContain("分次休", streamed, StringComparison.Ordinal);
        Assert.Equal("入职满一年的员工每年享有 10 个工作日带薪年假。 [1] 入职满十年的员工每年享有 15 个工作日带薪年假。 [2]", final.Answer.Text);
        Assert.Equal(["handbook:3", "handbook:4"], final.Answer.Citations.Select(c => c.CitationId));
        Assert.True(server.Requests.Single().Stream);
    }

    [Fact]
    public async Task StreamAsync_ModelDown_StreamsTheExtractiveAnswer()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.FailureStatus = 500;
        var answerer = Answerer(server, out var registry);
        using var _ = registry;

        var deltas = new List<AnswerDelta>();
        await foreach (var delta in answerer.StreamAsync(new GroundedRequest { Question = Question, Evidence = Evidence }))
        {
            deltas.Add(delta);
        }

        var final = deltas[^1].Final!;
        Assert.Equal(GroundedAnswerer.ExtractiveFallback, final.Answer.Answerer);
        Assert.Equal(final.Answer.Text, string.Concat(deltas.SkipLast(1).Select(d => d.Text)));
    }

    [Fact]
    public async Task StreamAsync_ClientDisconnectsMidStream_CancelsTheProviderRequest()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => string.Concat(Enumerable.Repeat("入职满一年的员工每年享有 10 个工作日带薪年假。[1] ", 20));
        server.ChunkDelay = TimeSpan.FromMilliseconds(100);
        var answerer = Answerer(server, out var registry);
        using var _ = registry;
        using var cancel = new CancellationTokenSource();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(async () =>
        {
            await foreach (var delta in answerer.StreamAsync(new GroundedRequest { Question = Question, Evidence = Evidence }, cancel.Token))
            {
                await cancel.CancelAsync();
            }
        });

        await Poll.UntilAsync(() => server.Aborted == 1);
    }

    private static GroundedAnswerer Answerer(FakeChatServer server, out ModelRegistry registry, GroundingOptions? options = null)
    {
        registry = TestModels.Registry(("m", TestModels.Options(server, "on_prem")));
        return new GroundedAnswerer(new ModelGateway(registry), options);
    }

    private static SearchHit Hit(int rank, string citationId, string title, string text) => new()
    {
        Rank = rank,
        Score = 1.0 / rank,
        CitationId = citationId,
        DocumentId = citationId.Split(':')[0],
        DocumentKey = citationId.Split(':')[0],
        ChunkOrdinal = 0,
        Domain = "d",
        SourceId = "s",
        Title = title,
        Uri = "file:///" + citationId.Split(':')[0],
        Text = text,
        Snippet = text,
    };
}
