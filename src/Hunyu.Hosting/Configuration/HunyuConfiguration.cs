using Hunyu.Core.Errors;
using Hunyu.Models.Embeddings;
using Hunyu.Search.Hybrid;
using Hunyu.Search.Routing;
using Microsoft.Extensions.Configuration;

namespace Hunyu.Hosting.Configuration;

/// <summary>
/// Hunyu's settings: <c>hunyu.json</c> in the data directory, overridden by environment variables
/// (<c>Hunyu__Embeddings__Provider=onnx</c> sets <c>Hunyu:Embeddings:Provider</c>). Secrets are never settings: a
/// setting names the environment variable that holds one.
/// </summary>
public static class HunyuConfiguration
{
    /// <summary>The settings file in the data directory.</summary>
    public const string FileName = "hunyu.json";

    /// <summary>The setting choosing the embedding provider: <c>none</c> (default), <c>openai</c> or <c>onnx</c>.</summary>
    public const string EmbeddingProviderKey = "Hunyu:Embeddings:Provider";

    /// <summary>The section of the routing rules: one array of keywords per domain name.</summary>
    public const string RoutingRulesSection = "Hunyu:Routing:Rules";

    /// <summary>Reads the settings of <paramref name="dataDirectory"/>.</summary>
    /// <exception cref="HunyuException"><c>hunyu.json</c> is not valid JSON (<c>invalid_argument</c>).</exception>
    public static IConfiguration Load(string dataDirectory)
    {
        var file = Path.Combine(dataDirectory, FileName);
        try
        {
            return new ConfigurationBuilder().AddJsonFile(file, optional: true, reloadOnChange: false).AddEnvironmentVariables().Build();
        }
        catch (InvalidDataException e)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{file}: not valid JSON settings ({e.InnerException?.Message ?? e.Message})", e);
        }
    }

    /// <summary>The knowledge base options <paramref name="configuration"/> asks for.</summary>
    /// <exception cref="HunyuException">An embedding setting is invalid or the model cannot be opened; the message names the setting or path.</exception>
    public static KnowledgeBaseOptions Options(IConfiguration configuration) => new() { Embeddings = Embeddings(configuration), Router = Router(configuration) };

    /// <summary>
    /// The routing rules of <c>Hunyu:Routing:Rules</c> (domain name → keywords, e.g. <c>"statutes": ["法", "条例"]</c>);
    /// null when there are none, so every question goes to every domain.
    /// </summary>
    public static KeywordRouter? Router(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var rules = configuration.GetSection(RoutingRulesSection).GetChildren()
            .ToDictionary(domain => domain.Key.ToLowerInvariant(), domain => (IReadOnlyList<string>)[.. domain.GetChildren().Select(k => k.Value).OfType<string>()], StringComparer.Ordinal);
        return rules.Count == 0 ? null : new KeywordRouter(rules);
    }

    /// <summary>The configured embedding model, or null when none is (search stays lexical).</summary>
    /// <exception cref="HunyuException">The provider is unknown, a setting is out of range, or the model cannot be opened.</exception>
    public static EmbeddingModel? Embeddings(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var provider = configuration[EmbeddingProviderKey]?.Trim().ToLowerInvariant();
        return provider switch
        {
            null or "" or "none" => null,
            "openai" => OpenAI(configuration.GetSection(OpenAIEmbeddingOptions.Section).Get<OpenAIEmbeddingOptions>() ?? new OpenAIEmbeddingOptions()),
            "onnx" => Onnx(configuration.GetSection(OnnxEmbeddingOptions.Section).Get<OnnxEmbeddingOptions>() ?? new OnnxEmbeddingOptions()),
            _ => throw new HunyuException(ErrorCode.InvalidArgument, $"{EmbeddingProviderKey} '{provider}': use none, openai or onnx"),
        };
    }

    private static EmbeddingModel OpenAI(OpenAIEmbeddingOptions options) =>
        new(OpenAIEmbeddingGeneratorFactory.Create(options), options.Dimensions is { } dimensions ? $"openai:{options.Model}:{dimensions}" : $"openai:{options.Model}");

    private static EmbeddingModel Onnx(OnnxEmbeddingOptions options)
    {
        var generator = new OnnxEmbeddingGenerator(options);
        // The folder's name and the model file's size name the model: a different model in the same folder is told apart.
        var folder = Path.GetFullPath(options.ModelPath).TrimEnd(Path.DirectorySeparatorChar);
        var size = new FileInfo(Path.Combine(folder, OnnxEmbeddingGenerator.ModelFileName)).Length;
        return new EmbeddingModel(generator, $"onnx:{Path.GetFileName(folder).ToLowerInvariant()}:{size}");
    }
}
