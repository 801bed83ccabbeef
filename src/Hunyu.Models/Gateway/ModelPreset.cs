namespace Hunyu.Models.Gateway;

/// <summary>A known OpenAI-compatible service: its base URL, an example model name and where it runs.</summary>
/// <param name="Name">The preset's name, given as <see cref="ModelOptions.Preset"/>.</param>
/// <param name="Endpoint">The base URL up to the version; <c>/chat/completions</c> is appended.</param>
/// <param name="ExampleModel">A model name the service accepts (check the vendor's current list).</param>
/// <param name="Location">Where the service runs.</param>
/// <param name="ApiKeyVariable">The environment variable conventionally holding its key.</param>
public sealed record ModelPreset(string Name, string Endpoint, string ExampleModel, ModelLocation Location, string ApiKeyVariable);
