using Hunyu.Core.Answers;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Hosting.Safety;
using Hunyu.Ingestion.Governance;
using Hunyu.Models.Embeddings;
using Hunyu.Models.Gateway;
using Hunyu.Models.Grounding;
using Hunyu.Models.Rerank;
using Hunyu.Models.Safety;
using Hunyu.Search.Hybrid;
using Hunyu.Search.Routing;
using Hunyu.Search.WebSearch;
using Hunyu.Storage.Postgres;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;

namespace Hunyu.Hosting.Configuration;

/// <summary>
/// Hunyu's settings: <c>hunyu.json</c> in the data directory, overridden by environment variables
/// (<c>Hunyu__Embeddings__Provider=onnx</c> sets <c>Hunyu:Embeddings:Provider</c>). Secrets are never settings: a
/// setting names the environment variable that holds one.
/// </summary>
public static class HunyuConfiguration
{
    /// <summary>The gateway's instruments, one set per process however many knowledge bases it opens.</summary>
    private static readonly Lazy<GatewayMetrics> GatewayInstruments = new(() => new GatewayMetrics());

    /// <summary>The settings file in the data directory.</summary>
    public const string FileName = "hunyu.json";

    /// <summary>The setting choosing the embedding provider: <c>none</c> (default), <c>openai</c> or <c>onnx</c>.</summary>
    public const string EmbeddingProviderKey = "Hunyu:Embeddings:Provider";

    /// <summary>The setting that turns PII detection at ingest off (<c>false</c>); on by default.</summary>
    public const string PiiEnabledKey = "Hunyu:Governance:Pii:Enabled";

    /// <summary>The section of the routing rules: one array of keywords per domain name.</summary>
    public const string RoutingRulesSection = "Hunyu:Routing:Rules";

    /// <summary>The section of the audit settings: <c>Store</c> (<c>sqlite</c>, the default; <c>postgres</c>; <c>off</c>), <c>ConnectionEnv</c>, <c>Table</c>.</summary>
    public const string AuditSection = "Hunyu:Audit";

    /// <summary>The section of the named knowledge configurations: <c>{name}: { "Domains": [...], "Speciality": "legal" }</c>.</summary>
    public const string ChatModelsSection = "Hunyu:Chat:Models";

    /// <summary>The setting that offers every domain as a scenario of its own (<c>hunyu:DOMAIN</c>); true by default.</summary>
    public const string DomainModelsKey = "Hunyu:Chat:DomainModels";

    /// <summary>The section of PII clearance at answer time: <c>Mask</c> (true), <c>MaskNames</c> (false), <c>Clearance</c> (<c>["role:admin"]</c>).</summary>
    public const string PiiClearanceSection = "Hunyu:Security:Pii";

    /// <summary>The section of per-tenant security settings: <c>{tenant}:Pii</c> overrides <see cref="PiiClearanceSection"/> key by key.</summary>
    public const string SecurityTenantsSection = "Hunyu:Security:Tenants";

    /// <summary>The setting of what happens to passages flagged as prompt injection: <c>quarantine</c> (default), <c>quote</c> or <c>off</c>.</summary>
    public const string InjectionActionKey = "Hunyu:Security:Injection:Action";

    /// <summary>The model name over every domain the caller may see; <c>hunyu:DOMAIN</c> names one domain.</summary>
    public const string DefaultChatModel = "hunyu";

    /// <summary>Longest scenario name.</summary>
    public const int MaxScenarioNameLength = 64;

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
    /// <param name="configuration">The settings.</param>
    /// <param name="loggers">Where the model gateway logs its decisions and failed attempts and models log how they load; null logs nothing.</param>
    /// <exception cref="HunyuException">An embedding setting is invalid or the model cannot be opened; the message names the setting or path.</exception>
    public static KnowledgeBaseOptions Options(IConfiguration configuration, ILoggerFactory? loggers = null) => new()
    {
        Embeddings = Embeddings(configuration),
        Router = Router(configuration),
        WebSearch = WebSearch(configuration),
        Reranker = Reranker(configuration),
        Audit = Audit(configuration),
        Answerer = Answerer(configuration, loggers),
        Governance = Governance(configuration),
        Scenarios = Scenarios(configuration),
        DomainScenarios = configuration.GetValue(DomainModelsKey, defaultValue: true),
        Safety = Safety(configuration),
    };

    /// <summary>
    /// Safety at answer time: who sees PII unmasked (<c>Hunyu:Security:Pii</c>, e.g.
    /// <c>"Clearance": ["role:admin", "group:hr"]</c>; per tenant <c>Hunyu:Security:Tenants:{tenant}:Pii</c>, each key
    /// overriding the default) and what happens to a passage flagged as prompt injection (<c>Hunyu:Security:Injection:Action</c>).
    /// </summary>
    /// <exception cref="HunyuException">A setting is invalid (<c>invalid_argument</c>); the message names it.</exception>
    public static AnswerSafetyOptions Safety(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var defaults = Clearance(configuration.GetSection(PiiClearanceSection), new PiiClearance());
        var tenants = new Dictionary<string, PiiClearance>(StringComparer.Ordinal);
        foreach (var tenant in configuration.GetSection(SecurityTenantsSection).GetChildren())
        {
            var pii = tenant.GetSection("Pii");
            if (pii.Exists())
            {
                tenants[tenant.Key] = Clearance(pii, defaults);
            }
        }

        var action = configuration[InjectionActionKey]?.Trim().ToLowerInvariant() switch
        {
            null or "" or "quarantine" => InjectionAction.Quarantine,
            "quote" => InjectionAction.Quote,
            "off" => InjectionAction.Off,
            var other => throw new HunyuException(ErrorCode.InvalidArgument, $"{InjectionActionKey} '{other}': use quarantine, quote or off"),
        };
        return new AnswerSafetyOptions { Pii = defaults, Tenants = tenants, Injection = action };
    }

    /// <summary>The clearance of <paramref name="section"/>, each key it leaves out taken from <paramref name="over"/>.</summary>
    private static PiiClearance Clearance(IConfigurationSection section, PiiClearance over)
    {
        bool Flag(string key, bool fallback) => section[key]?.Trim().ToLowerInvariant() switch
        {
            null or "" => fallback,
            "true" => true,
            "false" => false,
            var other => throw new HunyuException(ErrorCode.InvalidArgument, $"{section.Path}:{key} '{other}': use true or false"),
        };

        var entries = section.GetSection("Clearance");
        // A single string is one entry; an array is a list of them.
        IReadOnlyList<string>? clearance = entries.Value is { } one ? [one] : entries.Exists() ? [.. entries.GetChildren().Select(e => e.Value ?? string.Empty)] : null;
        var mask = Flag("Mask", over.Mask);
        var maskNames = Flag("MaskNames", over.MaskNames);
        try
        {
            return over with { Mask = mask, MaskNames = maskNames, Clearance = clearance ?? over.Clearance };
        }
        catch (HunyuException e)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{section.Path}:Clearance: {e.Message}", e);
        }
    }

    /// <summary>
    /// The named knowledge configurations of <c>Hunyu:Chat:Models</c>, e.g.
    /// <c>"hr": { "Domains": ["handbook", "policies"], "Speciality": "general" }</c>; none by default.
    /// </summary>
    /// <exception cref="HunyuException">A name or domain is invalid (<c>invalid_argument</c>); the message names the setting.</exception>
    public static IReadOnlyList<KnowledgeScenario> Scenarios(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var scenarios = new List<KnowledgeScenario>();
        foreach (var section in configuration.GetSection(ChatModelsSection).GetChildren())
        {
            var name = section.Key;
            if (name.Length > MaxScenarioNameLength || !name.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '-') || !char.IsAsciiLetterOrDigit(name[0]))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{ChatModelsSection}:{name}: a model name is 1-{MaxScenarioNameLength} letters, digits, '.', '_' or '-', starting with a letter or digit");
            }

            if (string.Equals(name, DefaultChatModel, StringComparison.OrdinalIgnoreCase))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{ChatModelsSection}:{name}: '{DefaultChatModel}' is the model over every domain; choose another name");
            }

            var domains = section.GetSection("Domains").GetChildren().Select(d => d.Value?.Trim().ToLowerInvariant() ?? string.Empty).ToList();
            for (var i = 0; i < domains.Count; i++)
            {
                if (!Domain.IsValidName(domains[i]))
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"{ChatModelsSection}:{name}:Domains:{i} '{domains[i]}': {Domain.NameRule}");
                }
            }

            var speciality = section["Speciality"]?.Trim();
            scenarios.Add(new KnowledgeScenario(name, domains, string.IsNullOrEmpty(speciality) ? null : speciality));
        }

        return scenarios;
    }

    /// <summary>
    /// A grounded answerer over the models of <c>Hunyu:Models</c> (routed by <c>Hunyu:Gateway</c>, checked by
    /// <c>Hunyu:Grounding</c>); null when no model is configured, so answers stay extractive.
    /// </summary>
    /// <exception cref="HunyuException">A model setting is invalid (<c>invalid_argument</c>, every problem named).</exception>
    /// <remarks>
    /// The gateway records queue time, call duration, tokens and queue length on the <c>Hunyu.Models.Gateway</c> meter
    /// (<see cref="GatewayMetrics.MeterName"/>: <c>dotnet-counters</c> or any metrics listener reads it) and logs each
    /// decision to <paramref name="loggers"/>.
    /// </remarks>
    public static IAnswerer? Answerer(IConfiguration configuration, ILoggerFactory? loggers = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        if (!configuration.GetSection(ModelOptions.Section).GetChildren().Any())
        {
            return null;
        }

        var gatewayOptions = configuration.GetSection(ModelGatewayOptions.Section).Get<ModelGatewayOptions>() ?? new ModelGatewayOptions();
        var grounding = configuration.GetSection(GroundingOptions.Section).Get<GroundingOptions>() ?? new GroundingOptions();
        var gateway = new ModelGateway(
            ModelRegistry.FromConfiguration(configuration, loggers: loggers),
            budget: gatewayOptions.CreateBudget(),
            options: gatewayOptions,
            metrics: GatewayInstruments.Value,
            logger: loggers?.CreateLogger<ModelGateway>());
        return new GroundedAnswerer(gateway, grounding);
    }

    /// <summary>
    /// The audit log <c>Hunyu:Audit</c> asks for: null for the embedded one in the data directory (the default),
    /// <see cref="NullAuditLog"/> for <c>off</c>, or PostgreSQL for <c>postgres</c> with the connection string in the
    /// environment variable named by <c>ConnectionEnv</c> (never in a settings file).
    /// </summary>
    /// <exception cref="HunyuException">A setting is invalid (<c>invalid_argument</c>) or the server does not answer (<c>store_unavailable</c>).</exception>
    public static IAuditLog? Audit(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AuditSection);
        var store = section["Store"]?.Trim().ToLowerInvariant();
        switch (store)
        {
            case null or "" or "sqlite":
                return null;
            case "off":
                return NullAuditLog.Instance;
            case "postgres":
                var variable = section["ConnectionEnv"];
                var connection = string.IsNullOrWhiteSpace(variable) ? null : Environment.GetEnvironmentVariable(variable);
                if (string.IsNullOrWhiteSpace(connection))
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"{AuditSection}:ConnectionEnv '{variable}': name an environment variable that holds the PostgreSQL connection string");
                }

                return PostgresAuditLog.OpenAsync(connection, section["Table"] ?? PostgresAuditLog.DefaultTable).GetAwaiter().GetResult();
            default:
                throw new HunyuException(ErrorCode.InvalidArgument, $"{AuditSection}:Store '{store}': use sqlite, postgres or off");
        }
    }

    /// <summary>
    /// The ingest governance of <c>Hunyu:Governance</c> (bound over <see cref="GovernanceOptions.ForIngest"/>) and, per
    /// domain, <c>Hunyu:Governance:Domains:{domain}</c> bound over that, e.g.
    /// <c>"Domains": { "statutes": { "Actions": { "NearDuplicate": "Drop" }, "Dedup": { "Threshold": 0.9 } } }</c>.
    /// </summary>
    /// <exception cref="HunyuException">A setting is invalid or out of range (<c>invalid_argument</c>); the message names it.</exception>
    public static IngestGovernanceOptions Governance(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(IngestGovernanceOptions.Section);
        try
        {
            // Each domain binds a fresh copy: binding sets properties of nested options in place.
            GovernanceOptions Bind(IConfigurationSection? domain)
            {
                var options = GovernanceOptions.ForIngest();
                section.Bind(options);
                domain?.Bind(options);
                return options;
            }

            var domains = new Dictionary<string, GovernanceOptions>(StringComparer.Ordinal);
            foreach (var domain in configuration.GetSection(IngestGovernanceOptions.DomainsSection).GetChildren())
            {
                var name = domain.Key.ToLowerInvariant();
                if (!Domain.IsValidName(name))
                {
                    throw new HunyuException(ErrorCode.InvalidArgument, $"{IngestGovernanceOptions.DomainsSection}:{domain.Key}: not a domain name; {Domain.NameRule}");
                }

                domains[name] = Bind(domain);
            }

            // PII detection runs on every ingest (masking identifiers in place, flagging names and addresses) unless turned off.
            var pii = configuration.GetValue(PiiEnabledKey, defaultValue: true);
            var governance = pii
                ? new IngestGovernanceOptions { Default = Bind(null), Domains = domains }
                : new IngestGovernanceOptions { Default = Bind(null), Domains = domains, ExtraSteps = null };
            governance.Validate();
            return governance;
        }
        catch (InvalidOperationException e)
        {
            // The binder's message names the setting and the value it could not convert.
            throw new HunyuException(ErrorCode.InvalidArgument, $"{IngestGovernanceOptions.Section}: {e.Message}", e);
        }
        catch (ArgumentOutOfRangeException e)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, e.Message.Split(Environment.NewLine)[0], e);
        }
    }

    /// <summary>
    /// The web search engines of <c>Hunyu:WebSearch:{name}</c>, each answering the internet domain <c>{name}</c> live;
    /// none by default (a question sent to a search engine leaves the organisation).
    /// </summary>
    /// <exception cref="HunyuException">A name is not a valid domain name or a setting is invalid (<c>invalid_argument</c>).</exception>
    public static IReadOnlyDictionary<string, IWebSearchProvider> WebSearch(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var providers = new Dictionary<string, IWebSearchProvider>(StringComparer.Ordinal);
        foreach (var section in configuration.GetSection(JsonWebSearchOptions.Section).GetChildren())
        {
            var domain = section.Key.ToLowerInvariant();
            if (!Domain.IsValidName(domain))
            {
                throw new HunyuException(ErrorCode.InvalidArgument, $"{JsonWebSearchOptions.Section}:{section.Key}: the name is also the domain's; {Domain.NameRule}");
            }

            var options = section.Get<JsonWebSearchOptions>() ?? new JsonWebSearchOptions();
            options.Name = domain;
            providers[domain] = new JsonWebSearchProvider(options);
        }

        return providers;
    }

    /// <summary>The reranker of <c>Hunyu:Rerank</c> when its endpoint is set; null otherwise.</summary>
    /// <exception cref="HunyuException">A setting is invalid (<c>invalid_argument</c>).</exception>
    public static IReranker? Reranker(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(HttpRerankerOptions.Section);
        return string.IsNullOrWhiteSpace(section["Endpoint"]) ? null : new HttpReranker(section.Get<HttpRerankerOptions>() ?? new HttpRerankerOptions());
    }

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
