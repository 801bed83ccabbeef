namespace Hunyu.Server.Api.Contracts;

/// <summary>A document created or updated by an upload.</summary>
/// <param name="Id">The document id (for <c>/api/documents/{id}</c>).</param>
/// <param name="Key">Its key: the saved file name, or <c>name#record</c> for record files.</param>
/// <param name="Title">Its title.</param>
public sealed record UploadedDocumentResponse(string Id, string Key, string Title);
