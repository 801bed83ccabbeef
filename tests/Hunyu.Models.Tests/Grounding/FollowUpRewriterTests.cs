using Hunyu.Models.Gateway;
using Hunyu.Models.Grounding;
using Hunyu.Models.Tests.Gateway;

namespace Hunyu.Models.Tests.Grounding;

public sealed class FollowUpRewriterTests
{
    private static readonly ConversationTurn[] History = [new("入职满一年的员工有几天带薪年假？", "10 个工作日。[1]")];

    [Fact]
    public void RewriteHeuristically_EllipticalFollowUp_AddsThePreviousQuestionsTerms()
    {
        var rewritten = FollowUpRewriter.RewriteHeuristically("那病假呢？", History);

        Assert.Contains("一年", rewritten, StringComparison.Ordinal);
        Assert.Contains("带薪", rewritten, StringComparison.Ordinal);
        Assert.EndsWith("病假呢？", rewritten, StringComparison.Ordinal);
        Assert.DoesNotContain("那病假", rewritten, StringComparison.Ordinal);
    }

    [Fact]
    public void RewriteHeuristically_PronounInEnglish_AddsThePreviousSubject()
    {
        var rewritten = FollowUpRewriter.RewriteHeuristically("Who publishes it in Taiwan?", [new ConversationTurn("What is Bubble Fighter?")]);

        Assert.StartsWith("bubble fighter", rewritten, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public void RewriteHeuristically_StandaloneQuestion_IsUnchanged()
    {
        const string Question = "报销须在费用发生后多少日内提交给财务部？";

        Assert.Equal(Question, FollowUpRewriter.RewriteHeuristically(Question, History));
    }

    [Fact]
    public async Task RewriteAsync_ModelConfigured_UsesTheModelsRewrite()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.Reply = _ => "入职满一年的员工有几天病假？";
        using var registry = TestModels.Registry(("m", TestModels.Options(server, "on_prem")));

        var rewritten = await new FollowUpRewriter(new ModelGateway(registry)).RewriteAsync("那病假呢？", History);

        Assert.Equal(("入职满一年的员工有几天病假？", "model"), (rewritten.Text, rewritten.Method));
        Assert.Equal("m", rewritten.Decision!.Model);
        Assert.Contains("Last question: 那病假呢？", server.Requests.Single().AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task RewriteAsync_ModelFails_FallsBackToTheHeuristic()
    {
        await using var server = await FakeChatServer.StartAsync();
        server.FailureStatus = 500;
        using var registry = TestModels.Registry(("m", TestModels.Options(server, "on_prem")));

        var rewritten = await new FollowUpRewriter(new ModelGateway(registry)).RewriteAsync("那病假呢？", History);

        Assert.Equal("heuristic", rewritten.Method);
        Assert.Equal(FollowUpRewriter.RewriteHeuristically("那病假呢？", History), rewritten.Text);
        Assert.Null(rewritten.Decision!.Model);
    }

    [Fact]
    public async Task RewriteAsync_SensitiveConversationAndOnlyCloud_NeverCallsTheCloudModel()
    {
        await using var server = await FakeChatServer.StartAsync();
        using var registry = TestModels.Registry(("cloud", TestModels.Options(server, "cloud")));

        var rewritten = await new FollowUpRewriter(new ModelGateway(registry)).RewriteAsync("那病假呢？", History, sensitive: true);

        Assert.Equal("heuristic", rewritten.Method);
        Assert.Empty(server.Requests);
    }
}
