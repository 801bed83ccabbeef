namespace Hunyu.Ingestion.Parsing;

/// <summary>What a parser extracted from a file, or from one record of a record file (.jsonl, .csv, .json array).</summary>
/// <param name="RecordKey">The record's key within the file (its <c>id</c> field or row number); null when the file is one document.</param>
/// <param name="Title">The title: the document's own (HTML title, first heading, PDF info, record title) or else the file name.</param>
/// <param name="Blocks">The text in reading order.</param>
/// <param name="Metadata">Format-specific metadata, e.g. <c>format</c>, <c>author</c>, <c>pages</c>, or a record's other fields.</param>
public sealed record ParsedDocument(string? RecordKey, string Title, IReadOnlyList<TextBlock> Blocks, IReadOnlyDictionary<string, string> Metadata)
{
    /// <summary>Who may see this record when the source says so per record (a database row's ACL column); null means the ingest's ACL.</summary>
    public Core.Security.Acl? Acl { get; init; }
}
