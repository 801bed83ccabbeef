using System.Globalization;
using Microsoft.Extensions.Options;

namespace Hunyu.Models.Gateway;

/// <summary>Checks one model's <see cref="ModelOptions"/>; every message names the setting (<c>Hunyu:Models:{name}:…</c>) and what is allowed.</summary>
public sealed class ModelOptionsValidator : IValidateOptions<ModelOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, ModelOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        var path = $"{ModelOptions.Section}:{name}";
        var provider = options.Provider?.Trim().ToLowerInvariant();
        if (provider is not (ModelProviders.OpenAI or ModelProviders.Gguf or ModelProviders.Extractive))
        {
            failures.Add($"{path}:{nameof(options.Provider)} is '{options.Provider}'; allowed {ModelProviders.Allowed}");
            return ValidateOptionsResult.Fail(failures);
        }

        if (provider == ModelProviders.Extractive)
        {
            return ValidateOptionsResult.Success;
        }

        if (!ModelLocations.TryParse(options.Location, out _))
        {
            failures.Add($"{path}:{nameof(options.Location)} is '{options.Location}'; declare where the model runs: {ModelLocations.Allowed}");
        }

        if (provider == ModelProviders.OpenAI)
        {
            if (options.Preset is { Length: > 0 } preset && !ModelPresets.All.ContainsKey(preset))
            {
                failures.Add($"{path}:{nameof(options.Preset)} is '{preset}'; known presets: {string.Join(", ", ModelPresets.All.Keys)}");
            }

            var endpoint = ModelRegistry.EndpointOf(options);
            if (!Uri.TryCreate(endpoint, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https"))
            {
                failures.Add($"{path}:{nameof(options.Endpoint)} is '{endpoint}'; give the http(s) base URL up to the version (e.g. http://127.0.0.1:8000/v1) or a {nameof(options.Preset)}");
            }

            if (string.IsNullOrWhiteSpace(options.Model))
            {
                failures.Add($"{path}:{nameof(options.Model)} is empty; give the model name the endpoint serves, e.g. deepseek-chat");
            }
        }

        if (provider == ModelProviders.Gguf && string.IsNullOrWhiteSpace(options.ModelPath))
        {
            failures.Add($"{path}:{nameof(options.ModelPath)} is empty; give the path of the .gguf file");
        }

        if (options.ContextWindow is < ModelOptions.MinContextWindow or > ModelOptions.MaxContextWindow)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(options.ContextWindow)} is {options.ContextWindow}; allowed {ModelOptions.MinContextWindow}-{ModelOptions.MaxContextWindow} tokens"));
        }

        if (options.MaxConcurrency is < 1 or > ModelOptions.MaxConcurrencyLimit)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(options.MaxConcurrency)} is {options.MaxConcurrency}; allowed 1-{ModelOptions.MaxConcurrencyLimit}"));
        }

        if (options.Timeout < ModelOptions.MinTimeout || options.Timeout > ModelOptions.MaxTimeout)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(options.Timeout)} is {options.Timeout}; allowed {ModelOptions.MinTimeout}-{ModelOptions.MaxTimeout}"));
        }

        if (options.CostPer1kTokens < 0)
        {
            failures.Add(string.Create(CultureInfo.InvariantCulture, $"{path}:{nameof(options.CostPer1kTokens)} is {options.CostPer1kTokens}; it cannot be negative"));
        }

        if (options.Specialities.Any(string.IsNullOrWhiteSpace))
        {
            failures.Add($"{path}:{nameof(options.Specialities)} holds an empty entry; name each speciality, e.g. general, legal, code");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
