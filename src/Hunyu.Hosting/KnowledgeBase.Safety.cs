using System.Globalization;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Search;
using Hunyu.Core.Security;
using Hunyu.Hosting.Safety;
using Hunyu.Ingestion.Governance.Pii;
using Hunyu.Models.Safety;

namespace Hunyu.Hosting;

/// <content>
/// Safety at answer time, applied once here so every surface follows: retrieved passages are screened for prompt
/// injection, and a principal without PII clearance gets every passage, snippet, field, answer and document masked.
/// </content>
/// <remarks>
/// SECURITY: masking happens on retrieval, before the evidence reaches any answerer, so a model (a cloud one included)
/// never receives PII the asking principal could not see; the answer is masked again, because a model can also repeat
/// PII from the question or its own knowledge. For a cleared principal a passage with PII the index kept is marked
/// sensitive, so model routing keeps it on premises.
/// </remarks>
public sealed partial class KnowledgeBase
{
    /// <summary>The code of the warning that tells administrators passages were quarantined (or quoted) as possible prompt injection.</summary>
    public const string PromptInjectionCode = SearchHit.PromptInjectionFlag;

    // SECURITY: the audit log keeps what was asked, never the personal data in it (see SECURITY.md).
    private static readonly AnswerMasker AuditMasker = new(PiiPolicy.Default);

    /// <summary>The masker for <paramref name="principal"/>; null when the principal is cleared (or masking is off).</summary>
    private AnswerMasker? MaskerFor(Principal principal)
    {
        var clearance = _options.Safety.PiiFor(principal.Tenant);
        return clearance.Clears(principal) ? null : new AnswerMasker(clearance.Policy);
    }

    /// <summary>
    /// The hits masked for an uncleared principal and, for an answer (<paramref name="forAnswer"/>) or an administrator,
    /// screened (flags set) and, for a cleared principal, marked sensitive where they hold PII.
    /// </summary>
    /// <remarks>PERF: a search by anyone else skips screening and detection: its flags would be cleared and no model reads it.</remarks>
    private SearchResult Guard(SearchResult result, Principal principal, bool forAnswer)
    {
        var safety = _options.Safety;
        var masker = MaskerFor(principal);
        var hits = new List<SearchHit>(result.Hits.Count);
        foreach (var found in result.Hits)
        {
            var hit = found;
            if (safety.Injection != InjectionAction.Off && (forAnswer || principal.IsAdmin))
            {
                var verdict = safety.Screener.Screen($"{hit.Title}\n{hit.SectionPath}\n{hit.Text}");
                if (verdict.Flagged)
                {
                    hit = hit with { Flags = [.. hit.Flags, SearchHit.PromptInjectionFlag, .. verdict.Reasons] };
                }
            }

            if (masker is not null)
            {
                hit = masker.Mask(hit);
            }
            else if (forAnswer && !hit.Sensitive && PiiDetector.Default.Find(hit.Text).Count > 0)
            {
                // SECURITY: PII the ingest policy kept is as sensitive for routing as PII it flagged.
                hit = hit with { Sensitive = true };
            }

            hits.Add(hit);
        }

        return result with { Hits = hits };
    }

    /// <summary>What <paramref name="principal"/> is shown of screened hits: flags are for administrators only.</summary>
    private static SearchResult Present(SearchResult result, Principal principal) =>
        principal.IsAdmin || !result.Hits.Any(h => h.Flags.Count > 0)
            ? result
            : result with { Hits = [.. result.Hits.Select(h => h.Flags.Count == 0 ? h : h with { Flags = [] })] };

    /// <summary>Splits screened hits into the evidence an answerer is given and the passages quarantined from it.</summary>
    private (IReadOnlyList<SearchHit> Evidence, IReadOnlyList<SearchHit> Quarantined) Quarantine(SearchResult screened)
    {
        if (_options.Safety.Injection != InjectionAction.Quarantine)
        {
            return (screened.Hits, []);
        }

        var flagged = screened.Hits.Where(IsFlagged).ToList();
        return flagged.Count == 0 ? (screened.Hits, []) : ([.. screened.Hits.Where(h => !IsFlagged(h))], flagged);
    }

    /// <summary>The administrators' warning about flagged passages: quarantined, or given to the model as quoted data.</summary>
    private SearchWarning? InjectionWarning(IReadOnlyList<SearchHit> hits)
    {
        var flagged = hits.Where(IsFlagged).ToList();
        if (flagged.Count == 0)
        {
            return null;
        }

        var what = _options.Safety.Injection == InjectionAction.Quarantine
            ? "quarantined (withheld from the evidence)"
            : "given to the model as quoted data";
        var ids = string.Join("; ", flagged.Select(h => $"{h.CitationId} ({string.Join(", ", h.Flags.Where(f => f != SearchHit.PromptInjectionFlag))})"));
        return new SearchWarning(
            string.Join(',', flagged.Select(h => h.Domain).Distinct(StringComparer.Ordinal)),
            PromptInjectionCode,
            string.Create(CultureInfo.InvariantCulture, $"{flagged.Count} passage(s) flagged as possible prompt injection {what}: {ids}"));
    }

    /// <summary><paramref name="document"/> as an uncleared principal sees it: title and metadata values masked.</summary>
    private static Document Masked(Document document, AnswerMasker? masker) =>
        masker is null ? document : document with { Title = masker.Mask(document.Title), Metadata = masker.Mask(document.Metadata) };

    private static bool IsFlagged(SearchHit hit) => hit.Flags.Contains(SearchHit.PromptInjectionFlag);
}
