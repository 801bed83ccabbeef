using System.Runtime.CompilerServices;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using Hunyu.Core.Audit;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Jobs;

namespace Hunyu.Hosting;

/// <content>
/// The audited entry points: every search, answer, ingest and delete is appended to <see cref="Audit"/> with who
/// (the request's principal, or <see cref="AuditCaller.Current"/> where the arguments name none), from where
/// (<see cref="AuditCaller.Current"/>'s client), the target, the outcome and a small JSON detail.
/// </content>
/// <remarks>
/// SECURITY: audit fails closed. When the entry cannot be written the call fails with <c>store_unavailable</c> and a
/// search or answer is not returned. The detail holds the query text with its PII masked (an investigator needs what
/// was asked, not the identifiers in it; see SECURITY.md), document ids, quarantined passage ids and counts; never
/// document text.
/// </remarks>
public sealed partial class KnowledgeBase
{
    /// <summary>Most document ids recorded for one search.</summary>
    public const int AuditedDocumentIds = 20;

    /// <summary>The code of an entry whose caller cancelled or stopped reading.</summary>
    private const string CancelledCode = "cancelled";

    private static readonly JsonSerializerOptions DetailJson = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>The audit log this knowledge base records to.</summary>
    public IAuditLog Audit { get; }

    /// <summary>
    /// Ingests a file or folder (see <see cref="IngestionJob"/>) as <see cref="AuditCaller.Current"/>, recording the source
    /// and counts. A new domain is created in the caller's tenant; another tenant's domain is not found (<c>not_found</c>).
    /// Writes to one domain run one at a time.
    /// </summary>
    public Task<IngestionResult> IngestAsync(IngestionRequest request, IProgress<IngestionProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var source = request.Connector?.Location ?? request.SourceLocation ?? request.Path ?? string.Empty;
        var caller = AuditCaller.Current.Principal;
        return AuditedAsync(
            AuditActions.Ingest,
            caller,
            request.Domain,
            () => IngestUnauditedAsync(request, caller, progress, cancellationToken),
            result => Detail(
                ("source", source),
                ("source_id", result.Source.Id),
                ("run_id", result.RunId),
                ("files", result.Files),
                ("added", result.Report.Added),
                ("updated", result.Report.Updated),
                ("unchanged", result.Report.Unchanged),
                ("deleted", result.Report.Deleted),
                ("failed", result.Report.Failed.Count)),
            Detail(("source", source)));
    }

    /// <summary>
    /// Searches the domains the principal may see (a personal domain only for its owner), narrowed by the router when the
    /// request names none; the result says which domains were searched and why. Recorded with the query and the returned document ids.
    /// </summary>
    public Task<SearchResult> SearchAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AuditedAsync(
            AuditActions.Search,
            request.Principal,
            string.Join(',', request.Domains),
            () => SearchUnauditedAsync(request, cancellationToken),
            result => Detail(("query", Audited(request.Query)), ("domains", request.Domains), ("hits", result.TotalHits), ("documents", DocumentIds(result))),
            Detail(("query", Audited(request.Query)), ("domains", request.Domains)));
    }

    /// <summary>Retrieves evidence for <paramref name="request"/> and answers from it with citations; recorded with the question and the cited document ids.</summary>
    public Task<AskResult> AskAsync(SearchRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AskAsync(new AskRequest { Search = request }, cancellationToken);
    }

    /// <summary>
    /// Answers <paramref name="request"/> with citations, a follow-up made standalone from its history first (the
    /// result's <see cref="AskResult.Rewritten"/>); recorded with the question, the standalone one and the cited document ids.
    /// </summary>
    /// <exception cref="HunyuException">The question or history is invalid, or the audit log cannot be written.</exception>
    public Task<AskResult> AskAsync(AskRequest request, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        return AuditedAsync(
            AuditActions.Ask,
            request.Search.Principal,
            AskTarget(request),
            () => AskUnauditedAsync(request, cancellationToken),
            result => AskDetail(request, result),
            AskDetail(request, null));
    }

    /// <summary>
    /// Streams the answer to <paramref name="request"/>: checked text as it completes, then a final delta with the
    /// whole <see cref="AskResult"/> (the same answer <see cref="AskAsync(AskRequest, CancellationToken)"/> gives).
    /// Recorded once, like <see cref="AskAsync(AskRequest, CancellationToken)"/>: when the final answer is known, or
    /// as failed (<c>cancelled</c>) when the caller stops early or cancels (a client that disconnects).
    /// </summary>
    /// <remarks>
    /// SECURITY: the entry is written before the final delta is given; when it cannot be written the stream fails
    /// with <c>store_unavailable</c>, but the text streamed before it has already left.
    /// </remarks>
    /// <exception cref="HunyuException">The question or history is invalid (on the first move), or the audit log cannot be written.</exception>
    /// <exception cref="OperationCanceledException">The caller cancelled; the upstream model request is cancelled with it.</exception>
    public async IAsyncEnumerable<AskDelta> AskStreamAsync(AskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        var recorded = false;
        var deltas = AskStreamUnauditedAsync(request, cancellationToken).GetAsyncEnumerator(cancellationToken);
        try
        {
            while (true)
            {
                AskDelta delta;
                try
                {
                    if (!await deltas.MoveNextAsync())
                    {
                        break;
                    }

                    delta = deltas.Current;
                }
                catch (Exception e)
                {
                    recorded = true;
                    await RecordAsync(AuditActions.Ask, request.Search.Principal, AskTarget(request), AuditOutcome.Failed, FailureCode(e), AskDetail(request, null), CancellationToken.None);
                    throw;
                }

                if (delta.Final is { } final)
                {
                    recorded = true;
                    await RecordAsync(AuditActions.Ask, request.Search.Principal, AskTarget(request), AuditOutcome.Ok, null, AskDetail(request, final), CancellationToken.None);
                }

                yield return delta;
            }
        }
        finally
        {
            await deltas.DisposeAsync();
            if (!recorded)
            {
                // The caller stopped reading before the answer was complete.
                await RecordAsync(AuditActions.Ask, request.Search.Principal, AskTarget(request), AuditOutcome.Failed, CancelledCode, AskDetail(request, null), CancellationToken.None);
            }
        }
    }

    /// <summary>Deletes a document from its index and the catalog as <see cref="AuditCaller.Current"/>; false (recorded as <c>not_found</c>) when it does not exist.</summary>
    public Task<bool> DeleteDocumentAsync(string documentId, CancellationToken cancellationToken = default) =>
        AuditedAsync(
            AuditActions.Delete,
            AuditCaller.Current.Principal,
            documentId ?? string.Empty,
            () => DeleteDocumentUnauditedAsync(documentId!, cancellationToken),
            deleted => Detail(("deleted", deleted)),
            "{}",
            deleted => deleted ? null : ErrorCode.NotFound.Code);

    /// <summary>Appends one entry for <paramref name="action"/> as <paramref name="principal"/> from the current caller's client.</summary>
    /// <exception cref="HunyuException"><c>store_unavailable</c> when the audit log cannot be written.</exception>
    public Task<AuditRecord> RecordAsync(string action, Principal principal, string target, AuditOutcome outcome, string? code = null, string detail = "{}", CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(principal);
        return Audit.AppendAsync(
            new AuditEvent
            {
                Action = action,
                UserId = principal.UserId,
                Groups = principal.Groups,
                Tenant = principal.Tenant,
                Client = AuditCaller.Current.Client,
                Target = target,
                Outcome = outcome,
                Code = code,
                Detail = detail,
            },
            cancellationToken);
    }

    private async Task<T> AuditedAsync<T>(
        string action,
        Principal principal,
        string target,
        Func<Task<T>> run,
        Func<T, string> detail,
        string failedDetail,
        Func<T, string?>? failedCode = null)
    {
        T result;
        try
        {
            result = await run();
        }
        catch (Exception e)
        {
            // The entry is written even when the caller gave up; the original failure is what the caller sees.
            await RecordAsync(action, principal, target, AuditOutcome.Failed, FailureCode(e), failedDetail, CancellationToken.None);
            throw;
        }

        var failure = failedCode?.Invoke(result);
        await RecordAsync(action, principal, target, failure is null ? AuditOutcome.Ok : AuditOutcome.Failed, failure, detail(result), CancellationToken.None);
        return result;
    }

    private static string FailureCode(Exception e) => e switch
    {
        HunyuException hunyu => hunyu.Error.Code,
        OperationCanceledException => CancelledCode,
        _ => ErrorCode.Internal.Code,
    };

    private static string AskTarget(AskRequest request) => string.Join(',', request.Search.Domains);

    /// <summary>The detail of an ask entry: the question, the standalone one searched for a follow-up, and what was cited (when answered).</summary>
    private static string AskDetail(AskRequest request, AskResult? result)
    {
        var fields = new List<(string, object?)> { ("question", Audited(request.Search.Query)), ("domains", request.Search.Domains) };
        if (request.History.Count > 0)
        {
            fields.Add(("turns", request.History.Count));
            if (result?.Rewritten is { } rewritten)
            {
                fields.Add(("standalone", Audited(rewritten.Text)));
            }
        }

        if (result is not null)
        {
            fields.Add(("abstained", result.Answer.Abstained));
            // Which model the evidence went to (model:NAME), or extractive: where sensitive passages were sent is an audit fact.
            fields.Add(("answerer", result.Answer.Answerer));
            fields.Add(("cited", result.Answer.Citations.Select(c => c.DocumentId).Distinct(StringComparer.Ordinal).ToArray()));
            if (result.Quarantined.Count > 0)
            {
                fields.Add(("quarantined", result.Quarantined));
            }
        }

        return Detail([.. fields]);
    }

    /// <summary>Query text as recorded: PII masked, bounded.</summary>
    private static string Audited(string? text) => Bounded(text is null ? null : AuditMasker.Mask(text));

    // A refused oversized query is recorded by its first characters and its length, not whole.
    private static string Bounded(string? text) =>
        text is { Length: > SearchRequest.MaxQueryLength }
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{text[..SearchRequest.MaxQueryLength]}… ({text.Length} characters)")
            : text ?? string.Empty;

    private static string[] DocumentIds(SearchResult result) =>
        [.. result.Hits.Select(h => h.DocumentId).Distinct(StringComparer.Ordinal).Take(AuditedDocumentIds)];

    private static string Detail(params (string Name, object? Value)[] fields)
    {
        var json = new JsonObject();
        foreach (var (name, value) in fields)
        {
            json[name] = value switch
            {
                null => null,
                string text => JsonValue.Create(text),
                bool flag => JsonValue.Create(flag),
                int number => JsonValue.Create(number),
                long number => JsonValue.Create(number),
                IEnumerable<string> list => new JsonArray([.. list.Select(item => (JsonNode?)JsonValue.Create(item))]),
                _ => JsonValue.Create(value.ToString()),
            };
        }

        return json.ToJsonString(DetailJson);
    }
}
