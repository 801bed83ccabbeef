using Hunyu.Core.Security;

namespace Hunyu.Core.Catalog;

/// <summary>What decides who may see one document: where it lives and its own ACL.</summary>
/// <param name="DocumentId">The document.</param>
/// <param name="Domain">Its domain.</param>
/// <param name="SourceId">Its source.</param>
/// <param name="Own">The ACL its connector or ingest gave it.</param>
public sealed record DocumentAccess(string DocumentId, string Domain, string SourceId, Acl Own);
