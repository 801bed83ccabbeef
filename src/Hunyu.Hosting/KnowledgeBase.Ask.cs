using System.Runtime.CompilerServices;
using Hunyu.Core.Search;
using Hunyu.Hosting.Safety;
using Hunyu.Models.Grounding;
using Hunyu.Search;

namespace Hunyu.Hosting;

/// <content>
/// Answers, whole or streamed, over one path: the follow-up is made standalone, evidence retrieved, then answered.
/// </content>
public sealed partial class KnowledgeBase
{
    /// <summary>Retrieves evidence for <paramref name="request"/> and answers from it with citations.</summary>
    private async Task<AskResult> AskUnauditedAsync(AskRequest request, CancellationToken cancellationToken)
    {
        var prepared = await PrepareAskAsync(request, cancellationToken);
        if (_answerer is GroundedAnswerer grounded)
        {
            // Through the model gateway: the answer says which model answered and why.
            var result = await grounded.AskAsync(prepared.Grounded, cancellationToken);
            return prepared.Result(result.Answer) with { Decision = result.Decision };
        }

        return prepared.Result(await _answerer.AnswerAsync(prepared.Grounded.Question, prepared.Grounded.Evidence, cancellationToken));
    }

    /// <summary>Like <see cref="AskUnauditedAsync"/>, streamed: checked text as it completes, then the final result.</summary>
    private async IAsyncEnumerable<AskDelta> AskStreamUnauditedAsync(AskRequest request, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var prepared = await PrepareAskAsync(request, cancellationToken);
        if (_answerer is GroundedAnswerer grounded)
        {
            await foreach (var delta in grounded.StreamAsync(prepared.Grounded, cancellationToken))
            {
                yield return delta.Final is { } final
                    ? new AskDelta(string.Empty, prepared.Result(final.Answer) with { Decision = final.Decision })
                    : new AskDelta(prepared.Mask(delta.Text), null);
            }

            yield break;
        }

        // An answerer without a model has nothing to stream sentence by sentence: the whole answer is one delta.
        var answer = await _answerer.AnswerAsync(prepared.Grounded.Question, prepared.Grounded.Evidence, cancellationToken);
        yield return new AskDelta(prepared.Mask(answer.Text), null);
        yield return new AskDelta(string.Empty, prepared.Result(answer));
    }

    /// <summary>Checks the request, makes a follow-up standalone and retrieves the evidence for it.</summary>
    private async Task<PreparedAsk> PrepareAskAsync(AskRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Validate();
        // The question is checked before a model is asked to rewrite it.
        LuceneKnowledgeSearcher.Validate(request.Search);
        var search = request.Search;
        RewrittenQuestion? rewritten = null;
        if (request.History.Count > 0)
        {
            // SECURITY: an earlier answer may quote sensitive passages and the client's copy does not say which, so a
            // history with answers is rewritten only by an on_prem/edge model (or heuristically).
            var sensitive = request.History.Any(turn => !string.IsNullOrEmpty(turn.Answer));
            rewritten = await _rewriter.RewriteAsync(search.Query, request.History, sensitive, cancellationToken: cancellationToken);
            if (rewritten.Text.Length > SearchRequest.MaxQueryLength)
            {
                rewritten = new RewrittenQuestion(search.Query, "unchanged", rewritten.Decision?.With($"the rewrite is longer than {SearchRequest.MaxQueryLength} characters; the question is searched as asked"));
            }

            search = search with { Query = rewritten.Text };
        }

        // Screened and masked hits with their flags: a quarantined passage is no answerer's evidence, a quoted one is
        // wrapped by the prompt; the result shows the evidence, flags and the warning to administrators only.
        var principal = request.Search.Principal;
        var found = await RetrieveAsync(search with { Limit = Math.Max(search.Limit, AskEvidence) }, forAnswer: true, cancellationToken);
        var (evidence, quarantined) = Quarantine(found);
        var shown = found with { Hits = evidence };
        if (principal.IsAdmin && InjectionWarning(found.Hits) is { } warning)
        {
            shown = shown with { Warnings = [.. shown.Warnings, warning] };
        }

        var masker = MaskerFor(principal);
        if (rewritten is not null && masker is not null)
        {
            rewritten = rewritten with { Text = masker.Mask(rewritten.Text) };
        }

        return new PreparedAsk(
            Present(shown, principal),
            rewritten,
            // The asker's tenant pays: its token budget decides whether a model may still answer.
            new GroundedRequest { Question = search.Query, Evidence = evidence, Speciality = request.Speciality, Tenant = principal.Tenant },
            [.. quarantined.Select(h => h.CitationId)],
            masker);
    }

    private sealed record PreparedAsk(SearchResult Search, RewrittenQuestion? Rewritten, GroundedRequest Grounded, IReadOnlyList<string> Quarantined, AnswerMasker? Masker)
    {
        public AskResult Result(Core.Answers.Answer answer) =>
            new(Masker?.Mask(answer) ?? answer, Search) { Rewritten = Rewritten, Quarantined = Quarantined };

        public string Mask(string text) => Masker?.Mask(text) ?? text;
    }
}
