using Hunyu.Server.Api.Contracts;

namespace Hunyu.Server.Mcp;

/// <summary>The answer to the MCP <c>get_document</c> tool: a document's metadata and text.</summary>
/// <param name="Document">The metadata, as <c>GET /api/documents/{id}</c> answers it.</param>
/// <param name="Text">The indexed text (governed and PII-masked at ingest), cut at <see cref="KnowledgeTools.MaxDocumentCharacters"/>.</param>
/// <param name="Passages">How many indexed passages the text was joined from.</param>
/// <param name="Truncated">True when the text was cut.</param>
public sealed record DocumentTextResponse(DocumentResponse Document, string Text, int Passages, bool Truncated);
