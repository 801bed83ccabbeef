using Hunyu.Core.Security;

namespace Hunyu.Hosting;

/// <summary>The ACL settings of a domain, source or document.</summary>
/// <param name="Target">What they guard.</param>
/// <param name="Rule">The administrators' rule set on it; null when it inherits.</param>
/// <param name="Own">For a document: the ACL its connector or ingest gave it; null otherwise.</param>
/// <param name="Effective">For a document: what the index enforces (rules and own ACL combined); null otherwise.</param>
/// <param name="Documents">How many live documents the rule applies to (for a change: whose access was updated).</param>
public sealed record AclSettings(AclTarget Target, Acl? Rule, Acl? Own, Acl? Effective, int Documents);
