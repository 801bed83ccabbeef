namespace Hunyu.Models.Gateway;

/// <summary>The provider names a model's <see cref="ModelOptions.Provider"/> may take.</summary>
public static class ModelProviders
{
    /// <summary>Any OpenAI-compatible <c>/v1/chat/completions</c> endpoint, through Microsoft.Extensions.AI's <c>IChatClient</c>.</summary>
    public const string OpenAI = "openai";

    /// <summary>A local GGUF model file run on the CPU by LLamaSharp (llama.cpp).</summary>
    public const string Gguf = "gguf";

    /// <summary>No model: the extractive answerer, which quotes the evidence.</summary>
    public const string Extractive = "extractive";

    /// <summary>Every provider, for messages.</summary>
    public const string Allowed = "openai | gguf | extractive";
}
