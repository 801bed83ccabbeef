using Hunyu.Core.Errors;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hunyu.Models.Gateway;

/// <summary>The configured models (<c>Hunyu:Models:{name}</c>), each with its declarations and client.</summary>
/// <remarks>Thread-safe once built; disposing it disposes the clients it built.</remarks>
public sealed class ModelRegistry : IDisposable
{
    private readonly List<RegisteredModel> _models;
    private readonly bool _ownsClients;

    /// <summary>A registry over models built elsewhere (their clients stay the caller's).</summary>
    public ModelRegistry(IEnumerable<RegisteredModel> models)
        : this(models, ownsClients: false)
    {
    }

    private ModelRegistry(IEnumerable<RegisteredModel> models, bool ownsClients)
    {
        ArgumentNullException.ThrowIfNull(models);
        _models = [.. models];
        _ownsClients = ownsClients;
        var duplicate = _models.GroupBy(m => m.Name, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (duplicate is not null)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{ModelOptions.Section}: the model name '{duplicate.Key}' is used twice");
        }
    }

    /// <summary>The models in configuration order.</summary>
    public IReadOnlyList<RegisteredModel> Models => _models;

    /// <summary>True when at least one model generates text.</summary>
    public bool HasChatModels => _models.Exists(m => m.IsChatModel);

    /// <summary>Builds the registry from <c>Hunyu:Models</c> in <paramref name="configuration"/>; an absent section gives an empty registry.</summary>
    /// <param name="configuration">The configuration root.</param>
    /// <param name="httpClient">The HTTP client for OpenAI-compatible endpoints; null uses the client library's shared one.</param>
    /// <param name="loggers">Where loading is logged (a GGUF model's prompt format); null logs nothing.</param>
    /// <exception cref="HunyuException">A setting is invalid (<c>invalid_argument</c>, every problem named), or a GGUF file is missing or unreadable.</exception>
    public static ModelRegistry FromConfiguration(IConfiguration configuration, HttpClient? httpClient = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var models = new Dictionary<string, ModelOptions>(StringComparer.OrdinalIgnoreCase);
        foreach (var child in configuration.GetSection(ModelOptions.Section).GetChildren())
        {
            var options = new ModelOptions();
            child.Bind(options);
            models[child.Key] = options;
        }

        return Create(models, httpClient, loggers);
    }

    /// <summary>Builds the registry from named model settings, in the dictionary's order.</summary>
    /// <param name="models">The settings by model name.</param>
    /// <param name="httpClient">The HTTP client for OpenAI-compatible endpoints; null uses the client library's shared one.</param>
    /// <param name="loggers">Where loading is logged (a GGUF model's prompt format); null logs nothing.</param>
    /// <inheritdoc cref="FromConfiguration" path="/exception"/>
    public static ModelRegistry Create(IEnumerable<KeyValuePair<string, ModelOptions>> models, HttpClient? httpClient = null, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(models);
        var list = models.ToList();
        var validator = new ModelOptionsValidator();
        var failures = list.SelectMany(pair => validator.Validate(pair.Key, pair.Value) is { Failed: true } result ? result.Failures ?? [] : []).ToList();
        if (failures.Count > 0)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, string.Join("; ", failures));
        }

        var logger = (loggers ?? NullLoggerFactory.Instance).CreateLogger<ModelRegistry>();
        var built = new List<RegisteredModel>();
        try
        {
            foreach (var (name, options) in list)
            {
                built.Add(Build(name, options, httpClient, logger));
            }
        }
        catch
        {
            foreach (var model in built)
            {
                model.Client?.Dispose();
            }

            throw;
        }

        return new ModelRegistry(built, ownsClients: true);
    }

    /// <summary>The model named <paramref name="name"/> (case-insensitive), or null.</summary>
    public RegisteredModel? Find(string name) => _models.Find(m => string.Equals(m.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <inheritdoc />
    public void Dispose()
    {
        if (_ownsClients)
        {
            foreach (var model in _models)
            {
                model.Client?.Dispose();
            }
        }
    }

    /// <summary>The endpoint a model's settings give, its preset's when they give none.</summary>
    internal static string EndpointOf(ModelOptions options) =>
        !string.IsNullOrWhiteSpace(options.Endpoint) ? options.Endpoint.Trim()
        : options.Preset is { } preset && ModelPresets.All.TryGetValue(preset, out var known) ? known.Endpoint
        : string.Empty;

    private static RegisteredModel Build(string name, ModelOptions options, HttpClient? httpClient, ILogger logger)
    {
        var provider = options.Provider.Trim().ToLowerInvariant();
        if (provider == ModelProviders.Extractive)
        {
            return new RegisteredModel { Name = name, Provider = provider, Location = ModelLocation.OnPrem, Address = "extractive", Timeout = options.Timeout };
        }

        // Validated above: the location parses.
        _ = ModelLocations.TryParse(options.Location, out var location);
        var specialities = options.Specialities.Select(s => s.Trim().ToLowerInvariant()).ToHashSet(StringComparer.Ordinal);
        if (specialities.Count == 0)
        {
            specialities.Add(ModelOptions.GeneralSpeciality);
        }

        IChatClient client;
        string address;
        if (provider == ModelProviders.OpenAI)
        {
            address = EndpointOf(options).TrimEnd('/');
            client = OpenAIChatClientFactory.Create(options, address, httpClient);
        }
        else
        {
            address = Path.GetFullPath(options.ModelPath!);
            client = GgufChatClientFactory.Create(name, options, logger);
        }

        return new RegisteredModel
        {
            Name = name,
            Provider = provider,
            Location = location,
            Specialities = specialities,
            ContextWindow = options.ContextWindow,
            CostPer1kTokens = options.CostPer1kTokens,
            // A local GGUF model generates one answer at a time (see GgufChatClient): the rest wait in the scheduler's queue.
            MaxConcurrency = provider == ModelProviders.Gguf ? 1 : options.MaxConcurrency,
            Timeout = options.Timeout,
            Client = client,
            Address = address,
        };
    }
}
