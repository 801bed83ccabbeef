namespace Hunyu.Models.Gateway;

/// <summary>One call to one model: how it ended, why, and how long it queued and ran.</summary>
/// <param name="Model">The model's name.</param>
/// <param name="Outcome">How it ended.</param>
/// <param name="Detail">The one-line reason (status and the server's message, the timeout), empty on success.</param>
/// <param name="QueueTime">Time spent waiting for a free slot.</param>
/// <param name="Duration">Time the call itself took.</param>
public sealed record ModelAttempt(string Model, AttemptOutcome Outcome, string Detail, TimeSpan QueueTime, TimeSpan Duration);
