namespace Hunyu.Server.Api.Contracts;

/// <summary>The data of a <c>delta</c> event of a streamed <c>POST /api/ask</c>: text to append to the answer so far.</summary>
/// <param name="Text">Checked text with its <c>[n]</c> markers.</param>
public sealed record DeltaEvent(string Text);
