namespace Hunyu.Server.Api.Contracts;

/// <summary>The body of <c>POST /api/ask</c>; give the question as <c>question</c> or <c>query</c>.</summary>
public sealed class AskBody
{
    /// <summary>The question.</summary>
    public string? Question { get; init; }

    /// <summary>The question (alternative name, as in search).</summary>
    public string? Query { get; init; }

    /// <summary>Domains to search; empty or absent means every domain.</summary>
    public IReadOnlyList<string>? Domains { get; init; }

    /// <summary>Source ids to restrict to; empty or absent means all sources.</summary>
    public IReadOnlyList<string>? Sources { get; init; }

    /// <summary>Metadata equality filters; all must match.</summary>
    public IReadOnlyDictionary<string, string>? Metadata { get; init; }

    /// <summary>How many evidence hits to return with the answer (1-1000); the default is 10.</summary>
    public int? Limit { get; init; }

    /// <summary>Earlier turns, oldest first: the question is a follow-up, rewritten into a standalone one before retrieval.</summary>
    public IReadOnlyList<TurnBody>? History { get; init; }

    /// <summary>True answers as Server-Sent Events (as does <c>Accept: text/event-stream</c>).</summary>
    public bool? Stream { get; init; }
}
