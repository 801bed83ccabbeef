using Hunyu.Models.Gateway;

namespace Hunyu.Models.Tests.Gateway;

/// <summary>Builds registries of real OpenAI-compatible clients pointed at <see cref="FakeChatServer"/>s.</summary>
internal static class TestModels
{
    public static ModelOptions Options(FakeChatServer server, string location, int concurrency = 4, double timeoutSeconds = 10, string[]? specialities = null, int contextWindow = 8192, decimal cost = 0)
    {
        var options = new ModelOptions
        {
            Provider = ModelProviders.OpenAI,
            Endpoint = server.Endpoint,
            Model = "fake-model",
            Location = location,
            MaxConcurrency = concurrency,
            Timeout = TimeSpan.FromSeconds(timeoutSeconds),
            ContextWindow = contextWindow,
            CostPer1kTokens = cost,
        };
        foreach (var speciality in specialities ?? [])
        {
            options.Specialities.Add(speciality);
        }

        return options;
    }

    public static ModelRegistry Registry(params (string Name, ModelOptions Options)[] models) =>
        ModelRegistry.Create(models.Select(m => KeyValuePair.Create(m.Name, m.Options)));

    /// <summary>A declaration-only model (its client is never called) for pure routing tests.</summary>
    public static RegisteredModel Declared(string name, ModelLocation location, string[]? specialities = null, int contextWindow = 8192, decimal cost = 0) => new()
    {
        Name = name,
        Provider = ModelProviders.OpenAI,
        Location = location,
        Specialities = (specialities ?? [ModelOptions.GeneralSpeciality]).ToHashSet(StringComparer.Ordinal),
        ContextWindow = contextWindow,
        CostPer1kTokens = cost,
        Client = new Microsoft.Extensions.AI.ChatClientBuilder(new UnusedChatClient()).Build(),
    };

    private sealed class UnusedChatClient : Microsoft.Extensions.AI.IChatClient
    {
        public Task<Microsoft.Extensions.AI.ChatResponse> GetResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("routing tests never call the model");

        public IAsyncEnumerable<Microsoft.Extensions.AI.ChatResponseUpdate> GetStreamingResponseAsync(IEnumerable<Microsoft.Extensions.AI.ChatMessage> messages, Microsoft.Extensions.AI.ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new InvalidOperationException("routing tests never call the model");

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }
}
