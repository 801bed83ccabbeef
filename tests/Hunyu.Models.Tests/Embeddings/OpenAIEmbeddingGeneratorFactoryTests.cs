using System.ClientModel;
using System.Diagnostics;
using Hunyu.Core.Errors;
using Hunyu.Models.Embeddings;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Tests.Embeddings;

public sealed class OpenAIEmbeddingGeneratorFactoryTests : IAsyncLifetime
{
    private readonly string _keyVariable = "HUNYU_TEST_EMBEDDINGS_KEY_" + Guid.NewGuid().ToString("N");
    private FakeEmbeddingsServer _server = null!;

    public async ValueTask InitializeAsync() => _server = await FakeEmbeddingsServer.StartAsync();

    public async ValueTask DisposeAsync()
    {
        Environment.SetEnvironmentVariable(_keyVariable, null);
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task GenerateAsync_Texts_PostsToV1EmbeddingsAndReturnsVectorsInInputOrder()
    {
        using var generator = Create();
        string[] texts = ["年假", "病假怎么请", "a"];

        var result = await generator.GenerateAsync(texts);

        Assert.Equal(texts.Select(t => (float)t.Length), result.Select(e => e.Vector.Span[0]));
        Assert.Equal(FakeEmbeddingsServer.VectorFor(texts[1], FakeEmbeddingsServer.DefaultDimensions), result[1].Vector.ToArray());
        var request = Assert.Single(_server.Requests);
        Assert.Equal("bge-m3", request.Model);
        Assert.Equal(texts, request.Inputs);
        Assert.Equal(texts.Sum(t => t.Length), result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_ApiKeyInEnvironment_SendsItAsBearerToken()
    {
        Environment.SetEnvironmentVariable(_keyVariable, "sk-test-123");
        using var generator = Create();

        await generator.GenerateAsync(["x"]);

        Assert.Equal("Bearer sk-test-123", Assert.Single(_server.Requests).Authorization);
    }

    [Fact]
    public async Task GenerateAsync_NoApiKeyInEnvironment_SendsPlaceholderNotAnotherSecret()
    {
        using var generator = Create();

        await generator.GenerateAsync(["x"]);

        Assert.Equal("Bearer no-key", Assert.Single(_server.Requests).Authorization);
    }

    [Fact]
    public async Task GenerateAsync_DimensionsConfigured_AsksForThemAndGetsThatWidth()
    {
        using var generator = Create(o => o.Dimensions = 4);

        var result = await generator.GenerateAsync(["hello"]);

        Assert.Equal(4, Assert.Single(_server.Requests).Dimensions);
        Assert.Equal(4, result[0].Vector.Length);
    }

    [Fact]
    public async Task GenerateAsync_MoreInputsThanBatchSize_SplitsRequestsAndKeepsOrder()
    {
        using var generator = Create(o => o.BatchSize = 2);
        string[] texts = ["a", "bb", "ccc", "dddd", "eeeee"];

        var result = await generator.GenerateAsync(texts);

        Assert.Equal([1f, 2f, 3f, 4f, 5f], result.Select(e => e.Vector.Span[0]));
        Assert.Equal([2, 2, 1], _server.Requests.Select(r => r.Inputs.Count));
        Assert.Equal(15, result.Usage?.InputTokenCount);
    }

    [Fact]
    public async Task GenerateAsync_ServerIgnoresBase64EncodingFormat_StillReadsFloatArrays()
    {
        _server.IgnoreEncodingFormat = true;
        using var generator = Create();

        var result = await generator.GenerateAsync(["abc"]);

        Assert.Equal(FakeEmbeddingsServer.VectorFor("abc", FakeEmbeddingsServer.DefaultDimensions), result[0].Vector.ToArray());
    }

    [Fact]
    public async Task GenerateAsync_ErrorResponse_ThrowsWithStatusAndServerMessage()
    {
        _server.Failure = (400, "This model's maximum context length is 8192 tokens", "invalid_request_error");
        using var generator = Create();

        var error = await Assert.ThrowsAsync<ClientResultException>(() => generator.GenerateAsync(["too long"]));

        Assert.Equal(400, error.Status);
        Assert.Contains("maximum context length is 8192 tokens", error.Message, StringComparison.Ordinal);
        Assert.Single(_server.Requests);
    }

    [Fact]
    public async Task GenerateAsync_ServerErrorWithRetries_RetriesThenThrows()
    {
        _server.Failure = (503, "overloaded", "server_error");
        using var generator = Create(o => o.MaxRetries = 1);

        var error = await Assert.ThrowsAsync<ClientResultException>(() => generator.GenerateAsync(["x"]));

        Assert.Equal(503, error.Status);
        Assert.Equal(2, _server.Requests.Count);
    }

    [Fact]
    public async Task GenerateAsync_ServerSlowerThanTimeout_FailsSoonAfterTheTimeout()
    {
        _server.Delay = TimeSpan.FromSeconds(20);
        using var generator = Create(o => o.Timeout = TimeSpan.FromSeconds(1));
        var stopwatch = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<TimeoutException>(() => generator.GenerateAsync(["x"]));

        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(10), $"took {stopwatch.Elapsed}");
        Assert.Contains(_server.Endpoint + "/embeddings: no answer within 00:00:01", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GenerateAsync_CallerCancels_ThrowsCancellationNotTimeout()
    {
        _server.Delay = TimeSpan.FromSeconds(20);
        using var generator = Create();
        using var cancel = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var error = await Assert.ThrowsAnyAsync<OperationCanceledException>(() => generator.GenerateAsync(["x"], cancellationToken: cancel.Token));

        Assert.IsNotType<TimeoutException>(error, exactMatch: false);
    }

    [Fact]
    public void Create_SettingsOutOfRange_ThrowsInvalidArgumentNamingEachSetting()
    {
        var error = Assert.Throws<HunyuException>(() => OpenAIEmbeddingGeneratorFactory.Create(new OpenAIEmbeddingOptions
        {
            Endpoint = "localhost:8000",
            Model = " ",
            BatchSize = 0,
            Timeout = TimeSpan.Zero,
        }));

        Assert.Equal(ErrorCode.InvalidArgument, error.Error);
        Assert.Contains("Hunyu:Embeddings:OpenAI:Endpoint is 'localhost:8000'", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Embeddings:OpenAI:Model is empty", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Embeddings:OpenAI:BatchSize is 0; allowed 1-2048", error.Message, StringComparison.Ordinal);
        Assert.Contains("Hunyu:Embeddings:OpenAI:Timeout", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Create_ValidSettings_ExposesMetadataOfTheEndpoint()
    {
        using var generator = Create(o => o.Dimensions = 256);

        var metadata = generator.GetService<EmbeddingGeneratorMetadata>();

        Assert.Equal("bge-m3", metadata?.DefaultModelId);
        Assert.Equal(256, metadata?.DefaultModelDimensions);
        Assert.NotNull(generator.GetService<BatchingEmbeddingGenerator>());
    }

    private IEmbeddingGenerator<string, Embedding<float>> Create(Action<OpenAIEmbeddingOptions>? configure = null)
    {
        var options = new OpenAIEmbeddingOptions
        {
            Endpoint = _server.Endpoint,
            Model = "bge-m3",
            ApiKeyVariable = _keyVariable,
            MaxRetries = 0,
            Timeout = TimeSpan.FromSeconds(10),
        };
        configure?.Invoke(options);
        return OpenAIEmbeddingGeneratorFactory.Create(options);
    }
}
