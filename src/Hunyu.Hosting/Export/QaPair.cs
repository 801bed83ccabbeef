namespace Hunyu.Hosting.Export;

/// <summary>One question and its answer, and the chunk it was found in.</summary>
/// <param name="Question">The question.</param>
/// <param name="Answer">The answer.</param>
/// <param name="Citation">Citation id (<c>documentId:ordinal</c>) of the chunk holding the question.</param>
public sealed record QaPair(string Question, string Answer, string Citation);
