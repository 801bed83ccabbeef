using Hunyu.Models.Gateway;

namespace Hunyu.Models.Tests.Gateway;

public sealed class RoutingPolicyTests
{
    private static readonly RegisteredModel CloudLegal = TestModels.Declared("cloud-legal", ModelLocation.Cloud, ["legal"]);
    private static readonly RegisteredModel CloudGeneral = TestModels.Declared("cloud-general", ModelLocation.Cloud, cost: 0.001m);
    private static readonly RegisteredModel LocalGeneral = TestModels.Declared("local-general", ModelLocation.OnPrem, cost: 0.01m);
    private static readonly RegisteredModel EdgeSmall = TestModels.Declared("edge-small", ModelLocation.Edge, contextWindow: 1024);

    [Fact]
    public void Plan_SensitiveEvidence_ExcludesCloudModelsEvenWhenOneIsPreferred()
    {
        var request = new ModelRequest { Sensitive = true, PreferredModel = "cloud-legal", Speciality = "legal", PromptTokens = 500, MaxOutputTokens = 200 };

        var plan = RoutingPolicy.Plan(request, [CloudLegal, CloudGeneral, LocalGeneral, EdgeSmall]);

        Assert.Equal(["edge-small", "local-general"], plan.Candidates.Select(m => m.Name));
        Assert.Contains(plan.Reasons, r => r.StartsWith("cloud-legal (cloud): excluded: the evidence is sensitive", StringComparison.Ordinal));
        Assert.Contains(plan.Reasons, r => r.Contains("preferred model 'cloud-legal' may not take", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_SpecialityRequested_TriesItsSpecialistFirstThenGeneralByCost()
    {
        var request = new ModelRequest { Speciality = "Legal", PromptTokens = 500, MaxOutputTokens = 200 };

        var plan = RoutingPolicy.Plan(request, [LocalGeneral, CloudGeneral, CloudLegal]);

        Assert.Equal(["cloud-legal", "cloud-general", "local-general"], plan.Candidates.Select(m => m.Name));
        Assert.Contains("cloud-legal (specialist: legal, cloud)", plan.Reasons[^1], StringComparison.Ordinal);
    }

    [Fact]
    public void Plan_PreferredModelEligible_GoesFirst()
    {
        var plan = RoutingPolicy.Plan(new ModelRequest { PreferredModel = "local-general" }, [CloudGeneral, LocalGeneral]);

        Assert.Equal("local-general", plan.Candidates[0].Name);
    }

    [Fact]
    public void Plan_OnlyCloudModelsAndSensitiveEvidence_NoCandidateAndSaysWhy()
    {
        var plan = RoutingPolicy.Plan(new ModelRequest { Sensitive = true }, [CloudGeneral, CloudLegal]);

        Assert.Empty(plan.Candidates);
        Assert.Contains("no on_prem or edge chat model may take this sensitive request", plan.Reasons);
    }

    [Fact]
    public void Plan_PromptLongerThanContextWindow_ExcludesThatModel()
    {
        var plan = RoutingPolicy.Plan(new ModelRequest { PromptTokens = 2000, MaxOutputTokens = 500 }, [EdgeSmall, LocalGeneral]);

        Assert.Equal(["local-general"], plan.Candidates.Select(m => m.Name));
        Assert.Contains(plan.Reasons, r => r.Contains("edge-small (edge): excluded: the prompt and answer need ~2500 tokens; its context window is 1024", StringComparison.Ordinal));
    }

    [Fact]
    public void Plan_TenantBudgetTooSmall_NoCandidate()
    {
        var plan = RoutingPolicy.Plan(new ModelRequest { Tenant = "acme", PromptTokens = 900, MaxOutputTokens = 200 }, [LocalGeneral], remainingTenantTokens: 1000);

        Assert.Empty(plan.Candidates);
        Assert.Contains("tenant 'acme' has 1000 tokens left in its budget; the request needs ~1100", plan.Reasons);
    }

    [Fact]
    public void Plan_NoChatModel_SaysNoneIsConfigured()
    {
        var extractive = new RegisteredModel { Name = "quote", Provider = ModelProviders.Extractive };

        var plan = RoutingPolicy.Plan(new ModelRequest(), [extractive]);

        Assert.Empty(plan.Candidates);
        Assert.Equal(["no chat model is configured (Hunyu:Models)"], plan.Reasons);
    }
}
