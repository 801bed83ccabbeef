namespace Hunyu.Server.Api.Contracts;

/// <summary>A note to add, or the fields of one to change (absent fields stay as they are).</summary>
/// <param name="Title">One-line title; when adding, defaults to the text's first line.</param>
/// <param name="Text">The note's Markdown text; required when adding.</param>
public sealed record NoteBody(string? Title, string? Text);
