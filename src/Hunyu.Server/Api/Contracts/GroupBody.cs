namespace Hunyu.Server.Api.Contracts;

/// <summary>The body of <c>POST /api/groups</c>: a group of the caller's tenant.</summary>
/// <param name="Name">The group name; ACL entries name it as <c>group:NAME</c>.</param>
public sealed record GroupBody(string? Name);
