using System.Text.RegularExpressions;
using Hunyu.Models.Gateway;
using Hunyu.Text.Analysis;
using Hunyu.Text.Normalization;
using Microsoft.Extensions.AI;

namespace Hunyu.Models.Grounding;

/// <summary>
/// Makes a follow-up question ("那病假呢？", "who makes it?") standalone for retrieval: by a model through the gateway
/// when one is configured and answers, else heuristically by adding the previous question's key terms when the
/// follow-up refers back (a pronoun, a leading "那"/"and", or only a word or two).
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed partial class FollowUpRewriter
{
    /// <summary>Previous-question terms added at most by the heuristic.</summary>
    public const int MaxAddedTerms = 6;

    /// <summary>A question with at most this many content words is taken as elliptical.</summary>
    private const int EllipticalWords = 2;

    private readonly ModelGateway? _gateway;

    /// <summary>Creates the rewriter.</summary>
    /// <param name="gateway">The models to ask; null rewrites heuristically only.</param>
    public FollowUpRewriter(ModelGateway? gateway = null) => _gateway = gateway;

    /// <summary>The standalone form of <paramref name="question"/> given the earlier turns.</summary>
    /// <param name="question">The follow-up.</param>
    /// <param name="history">Earlier turns, oldest first.</param>
    /// <param name="sensitive">True when the conversation's evidence was sensitive: only on_prem/edge models may rewrite it.</param>
    /// <param name="tenant">The tenant whose budget pays.</param>
    /// <param name="cancellationToken">Cancels the model call.</param>
    public async Task<RewrittenQuestion> RewriteAsync(string question, IReadOnlyList<ConversationTurn> history, bool sensitive = false, string? tenant = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(question);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return new RewrittenQuestion(question, "unchanged", null);
        }

        ModelDecision? decision = null;
        if (_gateway is not null && _gateway.Registry.HasChatModels)
        {
            var messages = Messages(question, history);
            var request = new ModelRequest { Sensitive = sensitive, Tenant = tenant, PromptTokens = GroundingPrompt.Tokens(messages), MaxOutputTokens = 128 };
            var result = await _gateway.CompleteAsync(request, messages, cancellationToken: cancellationToken);
            decision = result.Decision;
            var text = result.Response?.Text.Trim().Trim('"', '“', '”');
            if (!string.IsNullOrWhiteSpace(text) && !text.Contains('\n', StringComparison.Ordinal) && text.Length <= (4 * question.Length) + 200)
            {
                return new RewrittenQuestion(text, "model", decision);
            }

            decision = decision.With("the model's rewrite was empty or not one question; rewritten heuristically");
        }

        var rewritten = RewriteHeuristically(question, history);
        return new RewrittenQuestion(rewritten, rewritten == question ? "unchanged" : "heuristic", decision);
    }

    /// <summary>
    /// The heuristic rewrite: when <paramref name="question"/> refers back, the previous question's content words it
    /// lacks are put before it; otherwise it is returned as is.
    /// </summary>
    public static string RewriteHeuristically(string question, IReadOnlyList<ConversationTurn> history)
    {
        ArgumentNullException.ThrowIfNull(question);
        ArgumentNullException.ThrowIfNull(history);
        if (history.Count == 0)
        {
            return question;
        }

        var normalized = TextNormalizer.Normalize(question);
        var words = QueryTerms.ContentWords(normalized).Where(w => !IsReference(w)).ToList();
        if (!RefersBack().IsMatch(normalized) && words.Count > EllipticalWords)
        {
            return question;
        }

        var previous = TextNormalizer.Normalize(history[^1].Question);
        var added = QueryTerms.ContentWords(previous)
            .Where(w => w.Length > 1 && !IsReference(w) && !normalized.Contains(w, StringComparison.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase)
            .Take(MaxAddedTerms)
            .ToList();
        if (added.Count == 0)
        {
            return question;
        }

        var rest = LeadingContinuation().Replace(question.Trim(), string.Empty);
        return $"{string.Join(' ', added)} {rest}";
    }

    private static IList<ChatMessage> Messages(string question, IReadOnlyList<ConversationTurn> history)
    {
        var messages = new List<ChatMessage>
        {
            new(ChatRole.System, "Rewrite the user's last question so that it can be understood without the conversation: replace pronouns and fill in what it leaves out from the earlier turns. Keep its language. Reply with the rewritten question only, on one line."),
        };
        foreach (var turn in history.TakeLast(4))
        {
            messages.Add(new ChatMessage(ChatRole.User, turn.Question));
            if (turn.Answer is { Length: > 0 } answer)
            {
                messages.Add(new ChatMessage(ChatRole.Assistant, answer.Length > 600 ? answer[..600] : answer));
            }
        }

        messages.Add(new ChatMessage(ChatRole.User, "Last question: " + question));
        return messages;
    }

    private static bool IsReference(string word) => RefersBack().IsMatch(word) && word.Length <= 3;

    /// <summary>Pronouns and openings that point at an earlier turn.</summary>
    [GeneratedRegex(@"它|他们|她们|它们|\b(?:it|its|they|them|their|this|that|these|those|he|she|his|her)\b|^(?:那|那么|还有|另外|and\b|what about\b|how about\b)|这个|那个|该", RegexOptions.IgnoreCase)]
    private static partial Regex RefersBack();

    [GeneratedRegex(@"^(?:那么|那|还有|另外|and|what about|how about)[\s,，]*", RegexOptions.IgnoreCase)]
    private static partial Regex LeadingContinuation();
}
