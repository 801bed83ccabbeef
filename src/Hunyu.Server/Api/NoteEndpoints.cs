using Hunyu.Core.Errors;
using Hunyu.Hosting.Notes;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hunyu.Server.Api;

/// <summary><c>/api/notes</c>: the caller's personal notes (add, list, get, change, delete); nobody else's are reachable.</summary>
internal static class NoteEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var notes = api.MapGroup("/notes").WithTags("Notes");
        notes.MapPost("/", AddAsync).WithName("AddNote").WithSummary("Adds a personal note, searchable by its owner only").ProducesProblem(StatusCodes.Status400BadRequest).ProducesProblem(StatusCodes.Status413PayloadTooLarge);
        notes.MapGet("/", ListAsync).WithName("ListNotes").WithSummary("Lists the caller's notes, newest first");
        notes.MapGet("/{id}", GetAsync).WithName("GetNote").WithSummary("Gets one of the caller's notes").ProducesProblem(StatusCodes.Status404NotFound);
        notes.MapPut("/{id}", UpdateAsync).WithName("UpdateNote").WithSummary("Changes a note's title and/or text").ProducesProblem(StatusCodes.Status404NotFound);
        notes.MapDelete("/{id}", DeleteAsync).WithName("DeleteNote").WithSummary("Deletes a note").ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Created<Note>> AddAsync(NoteBody body, HttpContext context, PersonalNotes notes, CancellationToken cancellationToken)
    {
        var note = await notes.AddAsync(RequestPrincipal.Of(context), body.Title, body.Text ?? string.Empty, cancellationToken);
        return TypedResults.Created($"/api/notes/{note.Id}", note);
    }

    private static async Task<Ok<NoteListResponse>> ListAsync(HttpContext context, PersonalNotes notes, CancellationToken cancellationToken)
    {
        var list = await notes.ListAsync(RequestPrincipal.Of(context), cancellationToken);
        return TypedResults.Ok(new NoteListResponse(list.Count, list));
    }

    private static async Task<Ok<Note>> GetAsync(string id, HttpContext context, PersonalNotes notes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notes.GetAsync(RequestPrincipal.Of(context), id, cancellationToken) ?? throw NotFound(id));

    private static async Task<Ok<Note>> UpdateAsync(string id, NoteBody body, HttpContext context, PersonalNotes notes, CancellationToken cancellationToken) =>
        TypedResults.Ok(await notes.UpdateAsync(RequestPrincipal.Of(context), id, body.Title, body.Text, cancellationToken) ?? throw NotFound(id));

    private static async Task<NoContent> DeleteAsync(string id, HttpContext context, PersonalNotes notes, CancellationToken cancellationToken) =>
        await notes.DeleteAsync(RequestPrincipal.Of(context), id, cancellationToken) ? TypedResults.NoContent() : throw NotFound(id);

    // The same answer for another user's note as for one that does not exist.
    private static HunyuException NotFound(string id) => new(ErrorCode.NotFound, $"note {(id.Length <= 40 ? id : id[..40])}: not found");
}
