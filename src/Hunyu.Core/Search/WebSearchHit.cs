namespace Hunyu.Core.Search;

/// <summary>One page a web search engine found.</summary>
/// <param name="Title">The page title, as plain text (markup removed).</param>
/// <param name="Url">The page's absolute http or https address.</param>
/// <param name="Snippet">The engine's extract of the page, as plain text (markup removed); empty when it gave none.</param>
/// <param name="Published">When the page was published, when the engine says.</param>
public sealed record WebSearchHit(string Title, Uri Url, string Snippet, DateTimeOffset? Published);
