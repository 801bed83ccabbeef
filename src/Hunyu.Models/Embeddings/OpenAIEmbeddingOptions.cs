namespace Hunyu.Models.Embeddings;

/// <summary>Settings of an OpenAI-compatible <c>/v1/embeddings</c> endpoint (OpenAI, vLLM, Ollama, Xinference, TEI, a gateway).</summary>
/// <remarks>The API key is never part of the settings: only the name of the environment variable holding it.</remarks>
public sealed class OpenAIEmbeddingOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Embeddings:OpenAI";

    /// <summary>The environment variable read for the API key unless <see cref="ApiKeyVariable"/> names another.</summary>
    public const string DefaultApiKeyVariable = "HUNYU_EMBEDDINGS_API_KEY";

    /// <summary>Default inputs per request.</summary>
    public const int DefaultBatchSize = 64;

    /// <summary>Most inputs per request (OpenAI's own limit).</summary>
    public const int MaxBatchSize = 2048;

    /// <summary>Most dimensions that may be asked for.</summary>
    public const int MaxDimensions = 65_536;

    /// <summary>Most retries of a failed request.</summary>
    public const int MaxRetriesLimit = 10;

    /// <summary>Shortest allowed request timeout.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromSeconds(1);

    /// <summary>Longest allowed request timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Base URL up to and including the version, e.g. <c>http://127.0.0.1:8000/v1</c>; <c>/embeddings</c> is appended.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The model name sent with every request, e.g. <c>bge-m3</c> or <c>text-embedding-3-small</c>.</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Name of the environment variable holding the API key; when it is unset no real key is sent (local servers need none).</summary>
    /// <value>The default is <see cref="DefaultApiKeyVariable"/>.</value>
    public string ApiKeyVariable { get; set; } = DefaultApiKeyVariable;

    /// <summary>Dimensions to ask for (models that can shorten their vectors); null sends none and takes the model's own.</summary>
    public int? Dimensions { get; set; }

    /// <summary>Inputs sent per request; larger lists are split and the results concatenated in order.</summary>
    /// <value>The default is 64; allowed 1-2048.</value>
    public int BatchSize { get; set; } = DefaultBatchSize;

    /// <summary>Time one request may take, per attempt.</summary>
    /// <value>The default is 30 seconds; allowed 1 second to 10 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries of a request that failed with a transient error (429, 5xx, network), with back-off.</summary>
    /// <value>The default is 2; allowed 0-10.</value>
    public int MaxRetries { get; set; } = 2;
}
