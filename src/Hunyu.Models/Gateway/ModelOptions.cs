namespace Hunyu.Models.Gateway;

/// <summary>
/// One model's settings, under <c>Hunyu:Models:{name}</c>: how to reach it and what routing needs to know about it.
/// </summary>
/// <remarks>
/// The API key is never part of the settings, only the name of the environment variable holding it
/// (<see cref="ApiKeyVariable"/>). Example (<c>appsettings.json</c>):
/// <code>
/// "Hunyu": { "Models": {
///   "deepseek": { "Provider": "openai", "Preset": "deepseek", "Model": "deepseek-chat", "Location": "cloud",
///                 "ApiKeyVariable": "DEEPSEEK_API_KEY", "ContextWindow": 65536, "CostPer1kTokens": 0.002 },
///   "local":    { "Provider": "openai", "Endpoint": "http://10.0.0.5:8000/v1", "Model": "Qwen/Qwen2.5-7B-Instruct",
///                 "Location": "on_prem", "Specialities": [ "general", "legal" ], "MaxConcurrency": 2 },
///   "quote":    { "Provider": "extractive" } } }
/// </code>
/// See <see cref="ModelPresets"/> for the base URLs of Spark, Ark/Doubao, DeepSeek, DashScope/Qwen, Ollama, vLLM and Xinference.
/// </remarks>
public sealed class ModelOptions
{
    /// <summary>The configuration section holding one child per model.</summary>
    public const string Section = "Hunyu:Models";

    /// <summary>The speciality every model has unless it declares others.</summary>
    public const string GeneralSpeciality = "general";

    /// <summary>Default context window in tokens.</summary>
    public const int DefaultContextWindow = 8192;

    /// <summary>Smallest context window that holds a grounded prompt.</summary>
    public const int MinContextWindow = 512;

    /// <summary>Largest context window accepted.</summary>
    public const int MaxContextWindow = 10_000_000;

    /// <summary>Most concurrent calls a model may be given.</summary>
    public const int MaxConcurrencyLimit = 1024;

    /// <summary>Shortest allowed per-call timeout.</summary>
    public static readonly TimeSpan MinTimeout = TimeSpan.FromMilliseconds(100);

    /// <summary>Longest allowed per-call timeout.</summary>
    public static readonly TimeSpan MaxTimeout = TimeSpan.FromMinutes(30);

    /// <summary>The provider: <c>openai</c>, <c>gguf</c> or <c>extractive</c> (see <see cref="ModelProviders"/>).</summary>
    public string Provider { get; set; } = ModelProviders.OpenAI;

    /// <summary>A known service whose base URL and key variable fill what is left empty (see <see cref="ModelPresets"/>).</summary>
    public string? Preset { get; set; }

    /// <summary>Base URL up to and including the version, e.g. <c>http://127.0.0.1:8000/v1</c> (provider <c>openai</c>).</summary>
    public string? Endpoint { get; set; }

    /// <summary>The model name sent with every request (provider <c>openai</c>), e.g. <c>deepseek-chat</c>.</summary>
    public string? Model { get; set; }

    /// <summary>Path of the <c>.gguf</c> file (provider <c>gguf</c>).</summary>
    public string? ModelPath { get; set; }

    /// <summary>Name of the environment variable holding the API key; unset or empty sends no real key (local servers need none).</summary>
    public string? ApiKeyVariable { get; set; }

    /// <summary>Where the model runs: <c>cloud</c>, <c>on_prem</c> or <c>edge</c>. Sensitive evidence only goes to on_prem and edge.</summary>
    /// <value>Required for chat providers; the extractive provider is always local.</value>
    public string? Location { get; set; }

    /// <summary>What the model is good at (<c>general</c>, <c>legal</c>, <c>code</c>, <c>medical</c>, …); a request preferring one tries its specialists first.</summary>
    /// <value>The default is <c>general</c> only.</value>
    public IList<string> Specialities { get; } = [];

    /// <summary>Tokens the model takes, prompt and answer together; longer requests are routed elsewhere.</summary>
    /// <value>The default is 8192; allowed 512-10,000,000.</value>
    public int ContextWindow { get; set; } = DefaultContextWindow;

    /// <summary>Price per 1,000 tokens (any currency, used consistently): among equally suited models the cheaper is tried first.</summary>
    public decimal CostPer1kTokens { get; set; }

    /// <summary>Calls sent to the model at once; more wait in its queue, interactive before batch.</summary>
    /// <value>The default is 4; allowed 1-1024. A <c>gguf</c> model always runs one call at a time.</value>
    public int MaxConcurrency { get; set; } = 4;

    /// <summary>Time one call may take before the next model in the fallback chain is tried.</summary>
    /// <value>The default is 60 seconds; allowed 100 ms to 30 minutes.</value>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(60);
}
