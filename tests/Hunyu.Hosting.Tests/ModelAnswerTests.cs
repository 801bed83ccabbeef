using System.Collections.Concurrent;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Configuration;
using Hunyu.Ingestion.Jobs;
using Hunyu.Models.Tests.Gateway;
using Hunyu.Tests.Shared;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Hunyu.Hosting.Tests;

/// <summary>With a model configured, ask answers through the gateway with checked citations; without one, or when it fails, extractively.</summary>
public sealed class ModelAnswerTests
{
    private const string Question = "入职满一年的员工有几天带薪年假？";

    [Fact]
    public async Task AskAsync_ModelConfigured_AnswersWithTheModelAndCheckedCitations()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => "入职满一年的员工每年享有五天带薪年假[1]。";
        using var folder = Handbook();
        using var knowledge = KnowledgeBase.Open(folder.Data, HunyuConfiguration.Options(Settings(chat.Endpoint)));
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });

        var result = await knowledge.AskAsync(new SearchRequest { Query = Question, Principal = Principal.LocalAdmin });

        Assert.Equal("model:local", result.Answer.Answerer);
        Assert.Equal("local", result.Decision?.Model);
        Assert.Contains("五天", result.Answer.Text, StringComparison.Ordinal);
        Assert.NotEmpty(result.Answer.Citations);
        Assert.Contains(Question, Assert.Single(chat.Requests).AllText, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_LoggersGiven_TheGatewayLogsWhichModelAnsweredAndWhy()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => "入职满一年的员工每年享有五天带薪年假[1]。";
        using var folder = Handbook();
        var lines = new ConcurrentQueue<string>();
        using var loggers = LoggerFactory.Create(logging => logging.AddProvider(new LineLoggerProvider(lines)));
        using var knowledge = KnowledgeBase.Open(folder.Data, HunyuConfiguration.Options(Settings(chat.Endpoint), loggers));
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });

        await knowledge.AskAsync(new SearchRequest { Query = Question, Principal = Principal.LocalAdmin });

        Assert.Contains(lines, line => line.StartsWith("Model decision: local", StringComparison.Ordinal) && line.Contains("answered by local", StringComparison.Ordinal));
        // Decisions name models and reasons, never the prompt.
        Assert.DoesNotContain(lines, line => line.Contains(Question, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AskAsync_ModelDown_FallsBackToTheExtractiveAnswer()
    {
        using var folder = Handbook();
        // Nothing listens on port 9 of the loopback address.
        using var knowledge = KnowledgeBase.Open(folder.Data, HunyuConfiguration.Options(Settings("http://127.0.0.1:9/v1")));
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });

        var result = await knowledge.AskAsync(new SearchRequest { Query = Question, Principal = Principal.LocalAdmin });

        Assert.Equal("extractive-fallback", result.Answer.Answerer);
        Assert.Null(result.Decision?.Model);
        Assert.Contains(result.Decision!.Attempts, attempt => attempt.Model == "local");
        Assert.Contains("五天", result.Answer.Text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AskAsync_AskersTenantBudgetSpent_AnswersExtractivelyWhileAnotherTenantsModelAnswers()
    {
        await using var chat = await FakeChatServer.StartAsync();
        chat.Reply = _ => "入职满一年的员工每年享有五天带薪年假[1]。";
        using var folder = Handbook();
        using var knowledge = KnowledgeBase.Open(folder.Data, HunyuConfiguration.Options(Settings(chat.Endpoint, ("Hunyu:Gateway:TenantTokenBudgets:acme", "1"))));
        await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook" });
        var acme = Principal.LocalAdmin with { Tenant = "acme" };
        using (Core.Audit.AuditCaller.Use(new Core.Audit.AuditCaller(acme, "test")))
        {
            await knowledge.IngestAsync(new IngestionRequest { Path = folder.Source, Domain = "handbook-acme" });
        }

        var spent = await knowledge.AskAsync(new SearchRequest { Query = Question, Principal = acme });
        var funded = await knowledge.AskAsync(new SearchRequest { Query = Question, Principal = Principal.LocalAdmin });

        Assert.Equal("extractive-fallback", spent.Answer.Answerer);
        Assert.Contains(spent.Decision!.Reasons, reason => reason.StartsWith("tenant 'acme' has 1 tokens left", StringComparison.Ordinal));
        Assert.Equal("model:local", funded.Answer.Answerer);
        Assert.Single(chat.Requests);
    }

    private static IConfiguration Settings(string endpoint, params (string Key, string Value)[] extra) => new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>(extra.Select(e => KeyValuePair.Create(e.Key, (string?)e.Value)))
    {
        ["Hunyu:Models:local:Provider"] = "openai",
        ["Hunyu:Models:local:Endpoint"] = endpoint,
        ["Hunyu:Models:local:Model"] = "fake",
        ["Hunyu:Models:local:Location"] = "on_prem",
        ["Hunyu:Models:local:Timeout"] = "00:00:05",
    }).Build();

    private static TestFolder Handbook()
    {
        var folder = new TestFolder();
        folder.Write("leave.md", "# 年假制度\n\n员工入职满一年的，每年享有五天带薪年假。年假须提前一周申请。");
        return folder;
    }
}
