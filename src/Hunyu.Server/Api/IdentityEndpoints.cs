using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Security;
using Hunyu.Hosting;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Identity;
using Hunyu.Server.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hunyu.Server.Api;

/// <summary>
/// <c>/api/users</c>, <c>/api/groups</c> and <c>/api/keys</c>, as <c>hunyu users|groups|keys</c>; administrators only, and
/// only of their own tenant (an administrator of one tenant is not one of another). Changes are audited by the
/// knowledge base like the CLI's; refusals by <see cref="AdminAccess"/>.
/// </summary>
internal static class IdentityEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var users = api.MapGroup("/users").WithTags("Identity");
        users.MapGet("/", ListUsersAsync).WithName("ListUsers").WithSummary("Lists the users of the caller's tenant").ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapPost("/", SaveUserAsync)
            .WithName("SaveUser")
            .WithSummary("Adds a user to the caller's tenant, or changes an existing one's role (and groups, when given)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        users.MapDelete("/{name}", RemoveUserAsync)
            .WithName("RemoveUser")
            .WithSummary("Removes a user and revokes their keys")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{name}/disable", DisableUserAsync)
            .WithName("DisableUser")
            .WithSummary("Disables a user: their API keys and bearer tokens are refused until enabled again")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        users.MapPost("/{name}/enable", EnableUserAsync)
            .WithName("EnableUser")
            .WithSummary("Enables a disabled user again")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var groups = api.MapGroup("/groups").WithTags("Identity");
        groups.MapGet("/", ListGroupsAsync).WithName("ListGroups").WithSummary("Lists the groups of the caller's tenant with their members").ProducesProblem(StatusCodes.Status403Forbidden);
        groups.MapPost("/", AddGroupAsync)
            .WithName("AddGroup")
            .WithSummary("Adds a group to the caller's tenant (201), or keeps an existing one (200)")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);
        groups.MapDelete("/{name}", RemoveGroupAsync)
            .WithName("RemoveGroup")
            .WithSummary("Removes a group and its memberships")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);

        var keys = api.MapGroup("/keys").WithTags("Identity");
        keys.MapGet("/", ListKeysAsync).WithName("ListKeys").WithSummary("Lists the keys of the caller's tenant (never their secrets), optionally of one user").ProducesProblem(StatusCodes.Status403Forbidden);
        keys.MapPost("/", AddKeyAsync)
            .WithName("AddKey")
            .WithSummary("Issues a key for a user of the caller's tenant; the answer holds its text, shown this once")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
        keys.MapDelete("/{id}", RevokeKeyAsync)
            .WithName("RevokeKey")
            .WithSummary("Revokes a key at once")
            .ProducesProblem(StatusCodes.Status403Forbidden)
            .ProducesProblem(StatusCodes.Status404NotFound);
    }

    private static async Task<Ok<UserListResponse>> ListUsersAsync(HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.UserAdd, cancellationToken);
        var users = await knowledge.ListUsersAsync(admin.Tenant, cancellationToken);
        return TypedResults.Ok(new UserListResponse([.. users.Select(UserResponse.From)]));
    }

    private static async Task<Ok<UserResponse>> SaveUserAsync(UserBody body, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.UserAdd, cancellationToken);
        var name = Required(body.Name, "name", "a user needs a name");
        var role = body.Role is null ? PrincipalRole.Reader : PrincipalRoles.Parse(body.Role);
        var user = await knowledge.SaveUserAsync(admin.Tenant, name, role, body.Groups, cancellationToken);
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<NoContent> RemoveUserAsync(string name, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.UserRemove, cancellationToken);
        return await knowledge.RemoveUserAsync(admin.Tenant, name, cancellationToken)
            ? TypedResults.NoContent()
            : throw new HunyuException(ErrorCode.NotFound, $"user '{Printable(name)}' not found");
    }

    private static Task<Ok<UserResponse>> DisableUserAsync(string name, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        SetDisabledAsync(name, true, context, knowledge, cancellationToken);

    private static Task<Ok<UserResponse>> EnableUserAsync(string name, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken) =>
        SetDisabledAsync(name, false, context, knowledge, cancellationToken);

    private static async Task<Ok<UserResponse>> SetDisabledAsync(string name, bool disabled, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, disabled ? AuditActions.UserDisable : AuditActions.UserEnable, cancellationToken);
        var user = await knowledge.SetUserDisabledAsync(admin.Tenant, name, disabled, cancellationToken)
            ?? throw new HunyuException(ErrorCode.NotFound, $"user '{Printable(name)}' not found");
        return TypedResults.Ok(UserResponse.From(user));
    }

    private static async Task<Ok<GroupListResponse>> ListGroupsAsync(HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.GroupAdd, cancellationToken);
        var groups = await knowledge.ListGroupsAsync(admin.Tenant, cancellationToken);
        return TypedResults.Ok(new GroupListResponse([.. groups.Select(GroupResponse.From)]));
    }

    private static async Task<Results<Created<GroupResponse>, Ok<GroupResponse>>> AddGroupAsync(GroupBody body, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.GroupAdd, cancellationToken);
        var name = Required(body.Name, "name", "a group needs a name");
        var created = await knowledge.AddGroupAsync(admin.Tenant, name, cancellationToken);
        var group = GroupResponse.From((await knowledge.ListGroupsAsync(admin.Tenant, cancellationToken)).First(g => g.Name == name));
        return created ? TypedResults.Created((string?)null, group) : TypedResults.Ok(group);
    }

    private static async Task<NoContent> RemoveGroupAsync(string name, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.GroupRemove, cancellationToken);
        return await knowledge.RemoveGroupAsync(admin.Tenant, name, cancellationToken)
            ? TypedResults.NoContent()
            : throw new HunyuException(ErrorCode.NotFound, $"group '{Printable(name)}' not found");
    }

    private static async Task<Ok<KeyListResponse>> ListKeysAsync(string? user, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.KeyAdd, cancellationToken);
        var keys = await knowledge.ListApiKeysAsync(admin.Tenant, user, cancellationToken);
        return TypedResults.Ok(new KeyListResponse([.. keys.Select(KeyResponse.From)]));
    }

    private static async Task<Created<IssuedKeyResponse>> AddKeyAsync(KeyBody body, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.KeyAdd, cancellationToken);
        var user = Required(body.User, "user", "a key needs the user it acts as");
        if (body.ExpiresDays is < 1 or > KnowledgeBase.MaxKeyLifetimeDays)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"expires_days: {body.ExpiresDays}; allowed 1-{KnowledgeBase.MaxKeyLifetimeDays}");
        }

        var issued = await knowledge.AddApiKeyAsync(admin.Tenant, user, body.Scopes, body.ExpiresDays is { } days ? TimeSpan.FromDays(days) : null, cancellationToken);
        return TypedResults.Created((string?)null, new IssuedKeyResponse(issued.Key, KeyResponse.From(issued.Info)));
    }

    private static async Task<Ok<KeyResponse>> RevokeKeyAsync(string id, HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.KeyRevoke, cancellationToken);

        // SECURITY: another tenant's key is not found, exactly like a key that does not exist.
        if (!(await knowledge.ListApiKeysAsync(admin.Tenant, null, cancellationToken)).Any(key => key.Id == id))
        {
            await knowledge.RecordAsync(AuditActions.KeyRevoke, admin, "key:" + Printable(id), AuditOutcome.Failed, ErrorCode.NotFound.Code, cancellationToken: cancellationToken);
            throw KeyNotFound(id);
        }

        return TypedResults.Ok(KeyResponse.From(await knowledge.RevokeApiKeyAsync(id, cancellationToken) ?? throw KeyNotFound(id)));
    }

    private static string Required(string? value, string field, string reason) =>
        string.IsNullOrWhiteSpace(value) ? throw new HunyuException(ErrorCode.InvalidArgument, $"{field}: missing; {reason}") : value;

    private static HunyuException KeyNotFound(string id) => new(ErrorCode.NotFound, $"key '{Printable(id)}' not found");

    // Names come from the path: cut, and control characters shown as '?' as for documents, so an error stays one short line.
    private static string Printable(string text) => UploadFileName.Printable(text, UploadFileName.MessageNameChars);
}
