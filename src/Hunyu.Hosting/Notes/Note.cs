namespace Hunyu.Hosting.Notes;

/// <summary>A personal note.</summary>
/// <param name="Id">The note's id (12 hex digits).</param>
/// <param name="Title">One-line title.</param>
/// <param name="Text">The note's Markdown text.</param>
/// <param name="UpdatedAt">When it was last written.</param>
/// <param name="DocumentId">Its document id in search results and citations.</param>
/// <param name="Domain">The owner's personal domain.</param>
public sealed record Note(string Id, string Title, string Text, DateTimeOffset UpdatedAt, string DocumentId, string Domain);
