using System.Runtime.CompilerServices;
using System.Text;
using Hunyu.Core.Answers;
using Hunyu.Core.Search;
using Hunyu.Models.Extractive;
using Hunyu.Models.Gateway;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Hunyu.Models.Grounding;

/// <summary>
/// Answers with a model through the <see cref="ModelGateway"/>, grounded in the evidence: the prompt numbers the
/// passages and asks for <c>[n]</c> after every sentence; each generated sentence is then checked by the
/// <see cref="CitationChecker"/> and kept, removed or flagged; citations to passages that do not exist are dropped.
/// </summary>
/// <remarks>
/// <para>Abstains, without asking a model, when the extractive answerer finds the evidence does not cover the question;
/// answers extractively when no chat model is configured, when none may take the request (sensitive evidence and only
/// cloud models, budget spent), when every model fails, and when no generated sentence survives the check; the result's
/// decision and notes say which and why, and <see cref="Answer.Answerer"/> is <see cref="ExtractiveFallback"/>.</para>
/// <para>Thread-safe; one instance serves the process.</para>
/// </remarks>
public sealed partial class GroundedAnswerer : IAnswerer
{
    /// <summary>The <see cref="Answer.Answerer"/> of an extractive answer given because the model could not answer.</summary>
    public const string ExtractiveFallback = "extractive-fallback";

    /// <summary>The <see cref="Answer.Answerer"/> prefix of model answers: <c>model:NAME</c>.</summary>
    public const string ModelAnswererPrefix = "model:";

    private readonly ModelGateway? _gateway;
    private readonly GroundingOptions _options;
    private readonly IAnswerer _extractive;
    private readonly ILogger _logger;

    /// <summary>Creates the answerer.</summary>
    /// <param name="gateway">The models; null answers extractively.</param>
    /// <param name="options">Prompt and check settings; null for the defaults.</param>
    /// <param name="extractive">The answerer for abstention and fallback; null uses <see cref="ExtractiveAnswerer"/>.</param>
    /// <param name="logger">Where fallbacks are logged (never answer text).</param>
    public GroundedAnswerer(ModelGateway? gateway, GroundingOptions? options = null, IAnswerer? extractive = null, ILogger<GroundedAnswerer>? logger = null)
    {
        _gateway = gateway;
        _options = options ?? new GroundingOptions();
        _extractive = extractive ?? new ExtractiveAnswerer();
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The models answers are asked from; null when answers are extractive only.</summary>
    public ModelGateway? Gateway => _gateway;

    /// <inheritdoc />
    public async Task<Answer> AnswerAsync(string question, IReadOnlyList<SearchHit> evidence, CancellationToken cancellationToken = default) =>
        (await AskAsync(new GroundedRequest { Question = question, Evidence = evidence }, cancellationToken)).Answer;

    /// <summary>Answers <paramref name="request"/> and says how: the model decision, the sentence checks and notes.</summary>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<GroundedResult> AskAsync(GroundedRequest request, CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        if (prepared.Done is { } done)
        {
            return done;
        }

        var result = await _gateway!.CompleteAsync(prepared.ModelRequest, prepared.Messages, cancellationToken: cancellationToken);
        if (result.Response is null)
        {
            return Fallback(prepared, result.Decision, [], [], "no model answered");
        }

        var text = result.Response.Text.Trim();
        if (IsNotFound(text))
        {
            return Abstain(result.Decision);
        }

        var composer = new AnswerComposer(prepared.Hits, _options);
        foreach (var sentence in CitationChecker.SplitSentences(text))
        {
            composer.Add(prepared.Checker.CheckSentence(sentence));
        }

        return Finish(prepared, composer, result.Decision);
    }

    /// <summary>
    /// Streams the answer: checked sentences as they complete (an unsupported one is never sent in
    /// <see cref="UnsupportedSentencePolicy.Remove"/> mode), then a final delta with the whole result. The final
    /// answer is authoritative: when the model fails before any grounded sentence, it is the extractive answer.
    /// </summary>
    /// <exception cref="OperationCanceledException">The caller cancelled (e.g. the client disconnected).</exception>
    public async IAsyncEnumerable<AnswerDelta> StreamAsync(GroundedRequest request, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        var prepared = await PrepareAsync(request, cancellationToken);
        if (prepared.Done is { } done)
        {
            yield return new AnswerDelta(done.Answer.Text, null);
            yield return new AnswerDelta(string.Empty, done);
            yield break;
        }

        var composer = new AnswerComposer(prepared.Hits, _options);
        var buffer = new StringBuilder();
        var consumed = 0;
        ModelDecision? decision = null;
        await foreach (var update in _gateway!.StreamAsync(prepared.ModelRequest, prepared.Messages, cancellationToken: cancellationToken))
        {
            if (update.Decision is not null)
            {
                decision = update.Decision;
                break;
            }

            buffer.Append(update.Text);
            var sentences = CitationChecker.SplitSentences(buffer.ToString());
            // Sentences before the last are complete once the last has begun with text, not with a marker still arriving.
            if (sentences.Count < 2 || sentences[^1].TrimStart() is var last && (last.Length == 0 || last[0] is '[' or '【') || IsNotFound(buffer.ToString().Trim()))
            {
                continue;
            }

            for (; consumed < sentences.Count - 1; consumed++)
            {
                if (composer.Add(prepared.Checker.CheckSentence(sentences[consumed])) is { } piece)
                {
                    yield return new AnswerDelta(piece, null);
                }
            }
        }

        decision ??= new ModelDecision(null, ["the stream ended without a decision"], []);
        var text = buffer.ToString().Trim();
        GroundedResult final;
        if (decision.Model is not null && IsNotFound(text))
        {
            final = Abstain(decision);
            yield return new AnswerDelta(final.Answer.Text, null);
        }
        else
        {
            var all = CitationChecker.SplitSentences(text);
            // A model that failed mid-answer leaves a last sentence that may be cut short: it is dropped.
            var end = decision.Model is null ? Math.Max(consumed, all.Count - 1) : all.Count;
            for (; consumed < end; consumed++)
            {
                if (composer.Add(prepared.Checker.CheckSentence(all[consumed])) is { } piece)
                {
                    yield return new AnswerDelta(piece, null);
                }
            }

            if (decision.Model is null && composer.Grounded > 0)
            {
                composer.Notes.Add("the model stopped mid-answer; the answer may be incomplete");
                decision = decision with { Model = decision.Attempts.Count > 0 ? decision.Attempts[^1].Model : null };
            }

            final = decision.Model is null
                ? Fallback(prepared, decision, composer.Checks, composer.Notes, "no model answered")
                : Finish(prepared, composer, decision);
            if (final.Answer.Answerer == ExtractiveFallback)
            {
                yield return new AnswerDelta((composer.Text.Length > 0 ? " " : string.Empty) + final.Answer.Text, null);
            }
        }

        yield return new AnswerDelta(string.Empty, final);
    }

    private static bool IsNotFound(string text) =>
        text.StartsWith(GroundingOptions.NotFoundToken, StringComparison.Ordinal)
        || (text.Length < GroundingOptions.NotFoundToken.Length && GroundingOptions.NotFoundToken.StartsWith(text, StringComparison.Ordinal));

    private async Task<Prepared> PrepareAsync(GroundedRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Question);
        ArgumentNullException.ThrowIfNull(request.Evidence);
        var extractive = await _extractive.AnswerAsync(request.Question, request.Evidence, cancellationToken);
        if (extractive.Abstained)
        {
            return new Prepared(extractive, Done: new GroundedResult(extractive, ModelDecision.NoModel("the evidence does not cover the question; abstained without asking a model"), [], []));
        }

        if (_gateway is null || !_gateway.Registry.HasChatModels)
        {
            return new Prepared(extractive, Done: new GroundedResult(extractive, ModelDecision.NoModel("no chat model is configured (Hunyu:Models); extractive answer"), [], []));
        }

        var hits = request.Evidence.Take(_options.MaxPassages).ToList();
        var passages = GroundingPrompt.Passages(hits, _options);
        var messages = GroundingPrompt.Messages(request.Question, passages, _options);
        var modelRequest = new ModelRequest
        {
            // SECURITY: one sensitive passage makes the whole prompt sensitive.
            Sensitive = hits.Exists(h => h.Sensitive),
            Speciality = request.Speciality,
            PreferredModel = request.PreferredModel,
            Tenant = request.Tenant,
            PromptTokens = GroundingPrompt.Tokens(messages),
            MaxOutputTokens = _options.MaxOutputTokens,
            Priority = request.Priority,
            Deadline = request.Deadline,
        };
        return new Prepared(extractive, hits, messages, modelRequest, new CitationChecker(passages, request.Question, _options));
    }

    private GroundedResult Finish(Prepared prepared, AnswerComposer composer, ModelDecision decision)
    {
        if (composer.Grounded == 0)
        {
            return Fallback(prepared, decision, composer.Checks, composer.Notes, "no sentence of the model's answer was supported by the passages it cites");
        }

        return new GroundedResult(composer.Build(ModelAnswererPrefix + decision.Model), decision, composer.Checks, composer.Notes);
    }

    private static GroundedResult Abstain(ModelDecision decision) =>
        new(new Answer(Answer.NotFoundText, [], Abstained: true, ModelAnswererPrefix + decision.Model), decision, [], ["the model found no answer in the passages"]);

    private GroundedResult Fallback(Prepared prepared, ModelDecision decision, IReadOnlyList<SentenceCheck> checks, IEnumerable<string> notes, string why)
    {
        LogFallback(_logger, why, decision.Reasons);
        var answer = prepared.Extractive with { Answerer = ExtractiveFallback };
        return new GroundedResult(answer, decision.With($"extractive answer instead: {why}"), checks, [.. notes, $"extractive answer instead: {why}"]);
    }

    [LoggerMessage(EventId = 5101, Level = LogLevel.Warning, Message = "Grounded answer fell back to the extractive answer: {Why}; {Reasons}")]
    private static partial void LogFallback(ILogger logger, string why, IReadOnlyList<string> reasons);

    private sealed record Prepared(
        Answer Extractive,
        List<SearchHit> Hits = null!,
        IList<ChatMessage> Messages = null!,
        ModelRequest ModelRequest = null!,
        CitationChecker Checker = null!,
        GroundedResult? Done = null);
}
