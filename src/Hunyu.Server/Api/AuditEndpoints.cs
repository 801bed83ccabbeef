using System.Globalization;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Hosting;
using Hunyu.Server.Api.Contracts;
using Hunyu.Server.Identity;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Routing;

namespace Hunyu.Server.Api;

/// <summary><c>GET /api/audit</c> and <c>GET /api/audit/verify</c>, for administrators.</summary>
internal static class AuditEndpoints
{
    /// <summary>Maps the endpoints onto <paramref name="api"/>.</summary>
    public static void Map(RouteGroupBuilder api)
    {
        var audit = api.MapGroup("/audit").WithTags("Audit");

        audit.MapGet("/", SearchAsync)
            .WithName("SearchAudit")
            .WithSummary("Lists audit entries of the administrator's tenant, newest first (administrators only)")
            .WithDescription("Filters: user, action, since and until (ISO 8601; UTC unless an offset is given), limit (1-10000, default 100).")
            .ProducesProblem(StatusCodes.Status400BadRequest)
            .ProducesProblem(StatusCodes.Status403Forbidden);

        audit.MapGet("/verify", VerifyAsync)
            .WithName("VerifyAudit")
            .WithSummary("Walks the audit log's hash chain and reports the first broken entry (administrators only)")
            .WithDescription("Checks against the data directory's audit.anchor when one is kept (see 'hunyu audit verify'); a broken chain is a 200 with intact false.")
            .ProducesProblem(StatusCodes.Status403Forbidden);
    }

    private static async Task<Ok<AuditListResponse>> SearchAsync(
        string? user,
        string? action,
        string? since,
        string? until,
        int? limit,
        HttpContext context,
        KnowledgeBase knowledge,
        CancellationToken cancellationToken)
    {
        var admin = await AdminAccess.RequireAsync(context, knowledge, AuditActions.AuditRead, cancellationToken);
        var take = limit ?? AuditQuery.DefaultLimit;
        if (take is < 1 or > AuditQuery.MaxLimit)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"limit: {take}; allowed 1-{AuditQuery.MaxLimit}");
        }

        var records = await knowledge.Audit.SearchAsync(
            new AuditQuery { Tenant = admin.Tenant, UserId = user, Action = action, Since = Time("since", since), Until = Time("until", until), Limit = take },
            cancellationToken);
        return TypedResults.Ok(new AuditListResponse(records.Count, [.. records.Select(AuditEntryResponse.From)]));
    }

    private static async Task<Ok<AuditVerifyResponse>> VerifyAsync(HttpContext context, KnowledgeBase knowledge, CancellationToken cancellationToken)
    {
        await AdminAccess.RequireAsync(context, knowledge, AuditActions.AuditRead, cancellationToken);

        // Read only: the operator's 'hunyu audit verify' advances the anchor, the API never moves it.
        var anchorPath = Path.Combine(knowledge.DataDirectory, AuditAnchor.FileName);
        var anchor = File.Exists(anchorPath) ? AuditAnchor.TryParse(await File.ReadAllTextAsync(anchorPath, cancellationToken)) : null;
        var verification = await knowledge.Audit.VerifyAsync(anchor, cancellationToken);
        return TypedResults.Ok(AuditVerifyResponse.From(verification, anchor));
    }

    private static DateTimeOffset? Time(string name, string? text) =>
        text is null
            ? null
            : DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                ? time
                : throw new HunyuException(ErrorCode.InvalidArgument, $"{name} '{text}': not a time; use ISO 8601 such as 2025-03-01 or 2025-03-01T08:00:00Z");
}
