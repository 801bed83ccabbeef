using Hunyu.Hosting.Notes;

namespace Hunyu.Server.Api.Contracts;

/// <summary>The caller's notes, newest first.</summary>
/// <param name="Count">How many.</param>
/// <param name="Notes">The notes.</param>
public sealed record NoteListResponse(int Count, IReadOnlyList<Note> Notes);
