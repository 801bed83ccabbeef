namespace Hunyu.Models.Gateway;

/// <summary>
/// Base URLs of the common OpenAI-compatible services, so a model's settings can say <c>"Preset": "deepseek"</c>
/// instead of the URL. Every one is reached through the same <see cref="ModelProviders.OpenAI"/> provider.
/// </summary>
/// <remarks>
/// <list type="table">
/// <listheader><term>preset</term><description>base URL · example models · location</description></listheader>
/// <item><term><c>spark</c> (iFlytek 讯飞星火)</term><description><c>https://spark-api-open.xf-yun.com/v1</c> · <c>generalv3.5</c>, <c>4.0Ultra</c>, <c>lite</c> (the key is the console's APIPassword) · cloud</description></item>
/// <item><term><c>ark</c> (Volcengine 火山方舟 / Doubao 豆包)</term><description><c>https://ark.cn-beijing.volces.com/api/v3</c> · an endpoint id <c>ep-…</c> or a model id such as <c>doubao-1-5-pro-32k-250115</c> · cloud</description></item>
/// <item><term><c>deepseek</c></term><description><c>https://api.deepseek.com/v1</c> · <c>deepseek-chat</c>, <c>deepseek-reasoner</c> · cloud</description></item>
/// <item><term><c>dashscope</c> (Qwen 通义千问, compatible mode)</term><description><c>https://dashscope.aliyuncs.com/compatible-mode/v1</c> · <c>qwen-plus</c>, <c>qwen-max</c>, <c>qwen-turbo</c> · cloud</description></item>
/// <item><term><c>ollama</c></term><description><c>http://127.0.0.1:11434/v1</c> · a pulled tag such as <c>qwen2.5:7b</c> · on_prem (no key)</description></item>
/// <item><term><c>vllm</c></term><description><c>http://127.0.0.1:8000/v1</c> · the served model name, e.g. <c>Qwen/Qwen2.5-7B-Instruct</c> · on_prem</description></item>
/// <item><term><c>xinference</c></term><description><c>http://127.0.0.1:9997/v1</c> · the launched model's UID, e.g. <c>qwen2.5-instruct</c> · on_prem</description></item>
/// </list>
/// A preset only fills what the settings leave empty: <see cref="ModelOptions.Endpoint"/> and the key variable; the
/// location must still be declared, since a self-hosted server may be reached through a cloud address and the
/// other way round.
/// </remarks>
public static class ModelPresets
{
    /// <summary>Every preset by name (case-insensitive).</summary>
    public static IReadOnlyDictionary<string, ModelPreset> All { get; } = new Dictionary<string, ModelPreset>(StringComparer.OrdinalIgnoreCase)
    {
        ["spark"] = new("spark", "https://spark-api-open.xf-yun.com/v1", "generalv3.5", ModelLocation.Cloud, "SPARK_API_PASSWORD"),
        ["ark"] = new("ark", "https://ark.cn-beijing.volces.com/api/v3", "doubao-1-5-pro-32k-250115", ModelLocation.Cloud, "ARK_API_KEY"),
        ["deepseek"] = new("deepseek", "https://api.deepseek.com/v1", "deepseek-chat", ModelLocation.Cloud, "DEEPSEEK_API_KEY"),
        ["dashscope"] = new("dashscope", "https://dashscope.aliyuncs.com/compatible-mode/v1", "qwen-plus", ModelLocation.Cloud, "DASHSCOPE_API_KEY"),
        ["ollama"] = new("ollama", "http://127.0.0.1:11434/v1", "qwen2.5:7b", ModelLocation.OnPrem, "OLLAMA_API_KEY"),
        ["vllm"] = new("vllm", "http://127.0.0.1:8000/v1", "Qwen/Qwen2.5-7B-Instruct", ModelLocation.OnPrem, "VLLM_API_KEY"),
        ["xinference"] = new("xinference", "http://127.0.0.1:9997/v1", "qwen2.5-instruct", ModelLocation.OnPrem, "XINFERENCE_API_KEY"),
    };
}
