namespace Hunyu.Server.Api.Contracts;

/// <summary>An earlier turn of a conversation, in the <c>history</c> of <c>POST /api/ask</c>.</summary>
public sealed class TurnBody
{
    /// <summary>What was asked.</summary>
    public string? Question { get; init; }

    /// <summary>What was answered; optional.</summary>
    public string? Answer { get; init; }
}
