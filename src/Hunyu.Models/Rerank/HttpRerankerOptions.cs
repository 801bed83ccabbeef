namespace Hunyu.Models.Rerank;

/// <summary>
/// Settings of a rerank endpoint that speaks the Cohere/Jina protocol, <c>POST {Endpoint}/rerank</c> with
/// <c>{"model", "query", "documents", "top_n"}</c>: Cohere (<c>https://api.cohere.com/v2</c>), Jina
/// (<c>https://api.jina.ai/v1</c>), SiliconFlow, and self-hosted vLLM, Xinference, LocalAI or OpenVINO Model Server
/// serving e.g. bge-reranker-v2-m3.
/// </summary>
/// <remarks>The API key is never part of the settings: only the name of the environment variable holding it.</remarks>
public sealed class HttpRerankerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Rerank";

    /// <summary>The environment variable read for the API key unless <see cref="ApiKeyVariable"/> names another.</summary>
    public const string DefaultApiKeyVariable = "HUNYU_RERANK_API_KEY";

    /// <summary>Default of <see cref="Path"/>.</summary>
    public const string DefaultPath = "rerank";

    /// <summary>Default of <see cref="MaxDocumentsPerRequest"/>.</summary>
    public const int DefaultMaxDocumentsPerRequest = 100;

    /// <summary>Largest allowed <see cref="MaxDocumentsPerRequest"/> (Cohere's own limit).</summary>
    public const int MaxMaxDocumentsPerRequest = 1_000;

    /// <summary>Largest answer read (8 MB); a longer one is refused with <c>too_large</c>.</summary>
    public const long MaxResponseBytes = 8L * 1024 * 1024;

    /// <summary>Default of <see cref="Timeout"/>: short, because a reranker runs while someone waits for search results.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Shortest allowed <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest allowed <see cref="Timeout"/>.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(10);

    /// <summary>Base URL the <see cref="Path"/> is appended to, e.g. <c>http://127.0.0.1:8000/v1</c> or <c>https://api.jina.ai/v1</c>.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>Path of the rerank call under <see cref="Endpoint"/>.</summary>
    /// <value>The default is <c>rerank</c>.</value>
    public string Path { get; set; } = DefaultPath;

    /// <summary>The model name sent with every request, e.g. <c>bge-reranker-v2-m3</c>, <c>rerank-v3.5</c> or <c>jina-reranker-v2-base-multilingual</c>.</summary>
    public string Model { get; set; } = string.Empty;

    /// <summary>Name of the environment variable holding the API key, sent as a Bearer token; when it is unset no Authorization header is sent (local servers need none).</summary>
    /// <value>The default is <see cref="DefaultApiKeyVariable"/>.</value>
    public string ApiKeyVariable { get; set; } = DefaultApiKeyVariable;

    /// <summary>Most documents sent in one request; longer lists are split and the scores merged.</summary>
    /// <value>The default is 100; allowed 1-1000.</value>
    public int MaxDocumentsPerRequest { get; set; } = DefaultMaxDocumentsPerRequest;

    /// <summary>Time one request may take, from sending to the end of the answer.</summary>
    /// <value>The default is 10 seconds; allowed 0.1 second to 10 minutes.</value>
    public TimeSpan Timeout { get; set; } = DefaultTimeout;
}
