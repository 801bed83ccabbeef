namespace Hunyu.Server.Api.Contracts;

/// <summary>The body of <c>POST /api/users</c>: a user of the caller's tenant to add, or a new role (and groups) for an existing one.</summary>
/// <param name="Name">The user name; ACL entries name it as <c>user:NAME</c>.</param>
/// <param name="Role"><c>reader</c> (absent), <c>editor</c> or <c>admin</c>.</param>
/// <param name="Groups">When given, the user's groups become exactly these (missing groups are created).</param>
public sealed record UserBody(string? Name, string? Role, IReadOnlyList<string>? Groups);
