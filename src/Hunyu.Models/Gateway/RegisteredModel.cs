using Microsoft.Extensions.AI;

namespace Hunyu.Models.Gateway;

/// <summary>A configured model as routing and scheduling see it: its declarations and, for chat providers, its client.</summary>
/// <remarks>Immutable; the client is thread-safe and owned by the <see cref="ModelRegistry"/> that built it.</remarks>
public sealed record RegisteredModel
{
    /// <summary>The model's configured name (the key under <c>Hunyu:Models</c>).</summary>
    public required string Name { get; init; }

    /// <summary>The provider (<see cref="ModelProviders"/>).</summary>
    public required string Provider { get; init; }

    /// <summary>Where it runs.</summary>
    public ModelLocation Location { get; init; } = ModelLocation.OnPrem;

    /// <summary>What it is good at, lower case; never empty.</summary>
    public IReadOnlySet<string> Specialities { get; init; } = new HashSet<string>(StringComparer.Ordinal) { ModelOptions.GeneralSpeciality };

    /// <summary>Tokens it takes, prompt and answer together.</summary>
    public int ContextWindow { get; init; } = ModelOptions.DefaultContextWindow;

    /// <summary>Price per 1,000 tokens.</summary>
    public decimal CostPer1kTokens { get; init; }

    /// <summary>Calls sent at once.</summary>
    public int MaxConcurrency { get; init; } = 4;

    /// <summary>Time one call may take.</summary>
    public TimeSpan Timeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>The chat client; null for the extractive provider.</summary>
    public IChatClient? Client { get; init; }

    /// <summary>Where the model is reached, for messages (a URL or a file path; never a key).</summary>
    public string Address { get; init; } = string.Empty;

    /// <summary>True when the model generates text (every provider but <c>extractive</c>).</summary>
    public bool IsChatModel => Client is not null;
}
