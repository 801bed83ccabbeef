using System.ClientModel;
using System.Collections.Concurrent;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Text.Json;
using Hunyu.Core.Errors;
using Hunyu.Text.Tokens;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Hunyu.Models.Gateway;

/// <summary>
/// Sends chat requests to the configured models by policy: <see cref="RoutingPolicy"/> orders the eligible models,
/// the <see cref="ModelScheduler"/> gives each call a slot, and a Polly pipeline per model bounds it by the model's
/// timeout and retries a 429 that names a short <c>Retry-After</c>; on error, timeout or rate limit the next model
/// is tried. Every result carries a <see cref="ModelDecision"/>.
/// </summary>
/// <remarks>
/// Thread-safe; one instance serves the process. The caller's cancellation stops the chain at once (no fallback) and
/// reaches the provider's HTTP request. No model answering is a result, not an exception: the caller answers
/// extractively and says why.
/// </remarks>
public sealed partial class ModelGateway
{
    private static readonly ResiliencePropertyKey<List<ModelAttempt>> AttemptsKey = new("hunyu.attempts");
    private static readonly ResiliencePropertyKey<RegisteredModel> ModelKey = new("hunyu.model");

    private readonly ModelRegistry _registry;
    private readonly ModelScheduler _scheduler;
    private readonly TenantTokenBudget _budget;
    private readonly ModelGatewayOptions _options;
    private readonly GatewayMetrics? _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly ConcurrentDictionary<string, ResiliencePipeline<ChatResponse>> _pipelines = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>Creates the gateway.</summary>
    /// <param name="registry">The models.</param>
    /// <param name="scheduler">Slots and queues (share one per process); null makes one.</param>
    /// <param name="budget">Tenant token budgets; null is unlimited.</param>
    /// <param name="options">Rate-limit retries; null for the defaults.</param>
    /// <param name="metrics">Instruments; null records nothing.</param>
    /// <param name="logger">Where decisions are logged; never prompt text or keys.</param>
    /// <param name="timeProvider">The clock; null for the system's.</param>
    public ModelGateway(
        ModelRegistry registry,
        ModelScheduler? scheduler = null,
        TenantTokenBudget? budget = null,
        ModelGatewayOptions? options = null,
        GatewayMetrics? metrics = null,
        ILogger<ModelGateway>? logger = null,
        TimeProvider? timeProvider = null)
    {
        ArgumentNullException.ThrowIfNull(registry);
        _registry = registry;
        _options = options ?? new ModelGatewayOptions();
        _time = timeProvider ?? TimeProvider.System;
        _metrics = metrics;
        _scheduler = scheduler ?? new ModelScheduler(metrics, _time);
        _budget = budget ?? new TenantTokenBudget(timeProvider: _time);
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>The models this gateway routes over.</summary>
    public ModelRegistry Registry => _registry;

    /// <summary>The order <paramref name="request"/> would try the models in, and why; nothing is sent.</summary>
    public RoutePlan Plan(ModelRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return RoutingPolicy.Plan(request, _registry.Models, _budget.Remaining(request.Tenant));
    }

    /// <summary>Sends <paramref name="messages"/> to the first model of the plan that answers.</summary>
    /// <param name="request">Sensitivity, speciality, tenant, tokens, priority and deadline.</param>
    /// <param name="messages">The conversation.</param>
    /// <param name="chatOptions">Per-call options (temperature, …); the model id and token limit are set here.</param>
    /// <param name="cancellationToken">Cancels the call, queued or running; no fallback follows.</param>
    /// <returns>The response and the decision; <see cref="GatewayResult.Response"/> is null when no model answered.</returns>
    /// <exception cref="OperationCanceledException">The caller cancelled.</exception>
    public async Task<GatewayResult> CompleteAsync(ModelRequest request, IList<ChatMessage> messages, ChatOptions? chatOptions = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(messages);
        var plan = Plan(request);
        var reasons = plan.Reasons.ToList();
        var attempts = new List<ModelAttempt>();
        if (plan.Candidates.Count == 0 || !Reserve(request, reasons))
        {
            return Finish(request, new GatewayResult(null, new ModelDecision(null, reasons, attempts)));
        }

        long used = 0;
        try
        {
            foreach (var model in plan.Candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var response = await TryModelAsync(model, request, messages, chatOptions, attempts, cancellationToken);
                if (response is not null)
                {
                    used = Account(model, request, response.Usage, response.Text);
                    reasons.Add($"answered by {model.Name}");
                    return Finish(request, new GatewayResult(response, new ModelDecision(model.Name, reasons, attempts) { Usage = TokenUsage.From(response.Usage) }));
                }

                if (attempts[^1].Outcome == AttemptOutcome.QueueTimeout || DeadlinePassed(request))
                {
                    reasons.Add("the request's deadline passed; no further model is tried");
                    break;
                }
            }

            reasons.Add("no model answered");
            return Finish(request, new GatewayResult(null, new ModelDecision(null, reasons, attempts)));
        }
        finally
        {
            _budget.Settle(request.Tenant, request.TotalTokens, used);
        }
    }

    /// <summary>Streams the answer of the first model of the plan that starts answering.</summary>
    /// <remarks>
    /// A model that fails or times out before its first text is replaced by the next; once text has been sent, a
    /// failure ends the stream (the last update's decision names it) since the text cannot be taken back. 429s are
    /// not retried while streaming: the next model is tried at once. The model's timeout bounds the whole stream.
    /// </remarks>
    /// <inheritdoc cref="CompleteAsync" path="/param"/>
    public async IAsyncEnumerable<GatewayUpdate> StreamAsync(ModelRequest request, IList<ChatMessage> messages, ChatOptions? chatOptions = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(messages);
        var plan = Plan(request);
        var reasons = plan.Reasons.ToList();
        var attempts = new List<ModelAttempt>();
        if (plan.Candidates.Count == 0 || !Reserve(request, reasons))
        {
            yield return new GatewayUpdate(string.Empty, Log(request, new ModelDecision(null, reasons, attempts)));
            yield break;
        }

        long used = 0;
        try
        {
            foreach (var model in plan.Candidates)
            {
                cancellationToken.ThrowIfCancellationRequested();
                await using var call = new StreamingCall(this, model, request, messages, chatOptions, cancellationToken);
                var first = await call.StartAsync(attempts);
                if (first is null)
                {
                    if (attempts[^1].Outcome == AttemptOutcome.QueueTimeout || DeadlinePassed(request))
                    {
                        reasons.Add("the request's deadline passed; no further model is tried");
                        break;
                    }

                    continue;
                }

                var text = new System.Text.StringBuilder(first);
                yield return new GatewayUpdate(first, null);
                while (true)
                {
                    var next = await call.NextAsync();
                    if (next is null)
                    {
                        break;
                    }

                    text.Append(next);
                    yield return new GatewayUpdate(next, null);
                }

                var attempt = call.Finish(attempts);
                if (attempt.Outcome == AttemptOutcome.Succeeded)
                {
                    used = Account(model, request, call.Usage, text.ToString());
                    reasons.Add($"answered by {model.Name} (streamed)");
                    yield return new GatewayUpdate(string.Empty, Log(request, new ModelDecision(model.Name, reasons, attempts) { Usage = TokenUsage.From(call.Usage) }));
                }
                else
                {
                    reasons.Add($"{model.Name} failed after it had started answering; the answer is incomplete");
                    yield return new GatewayUpdate(string.Empty, Log(request, new ModelDecision(null, reasons, attempts)));
                }

                yield break;
            }

            reasons.Add("no model answered");
            yield return new GatewayUpdate(string.Empty, Log(request, new ModelDecision(null, reasons, attempts)));
        }
        finally
        {
            _budget.Settle(request.Tenant, request.TotalTokens, used);
        }
    }

    private bool Reserve(ModelRequest request, List<string> reasons)
    {
        if (_budget.TryReserve(request.Tenant, request.TotalTokens))
        {
            return true;
        }

        reasons.Add($"tenant '{request.Tenant ?? TenantTokenBudget.DefaultTenant}' has no budget left for ~{request.TotalTokens} tokens");
        return false;
    }

    private bool DeadlinePassed(ModelRequest request) => request.Deadline is { } d && d <= _time.GetUtcNow();

    private long Account(RegisteredModel model, ModelRequest request, UsageDetails? usage, string text)
    {
        var input = usage?.InputTokenCount ?? request.PromptTokens;
        var output = usage?.OutputTokenCount ?? TokenEstimator.Count(text);
        var tenant = request.Tenant ?? TenantTokenBudget.DefaultTenant;
        _metrics?.Tokens.Add(input, new("model", model.Name), new("direction", "input"), new("tenant", tenant));
        _metrics?.Tokens.Add(output, new("model", model.Name), new("direction", "output"), new("tenant", tenant));
        return input + output;
    }

    private GatewayResult Finish(ModelRequest request, GatewayResult result)
    {
        Log(request, result.Decision);
        return result;
    }

    private ModelDecision Log(ModelRequest request, ModelDecision decision)
    {
        LogDecision(_logger, decision.Model ?? "(none)", request.Priority, request.Sensitive, decision.Attempts.Count, decision.Reasons);
        foreach (var attempt in decision.Attempts.Where(a => a.Outcome != AttemptOutcome.Succeeded))
        {
            LogAttemptFailed(_logger, attempt.Model, attempt.Outcome, attempt.Detail);
        }

        return decision;
    }

    /// <summary>One model: a slot, then the pipeline. Null when it did not answer (the attempt says why).</summary>
    private async Task<ChatResponse?> TryModelAsync(RegisteredModel model, ModelRequest request, IList<ChatMessage> messages, ChatOptions? chatOptions, List<ModelAttempt> attempts, CancellationToken cancellationToken)
    {
        ModelLease lease;
        try
        {
            lease = await _scheduler.AcquireAsync(model.Name, model.MaxConcurrency, request.Priority, request.Deadline, cancellationToken);
        }
        catch (HunyuException e) when (e.Error == ErrorCode.Timeout)
        {
            attempts.Add(new ModelAttempt(model.Name, AttemptOutcome.QueueTimeout, e.Message, TimeSpan.Zero, TimeSpan.Zero));
            return null;
        }

        using (lease)
        {
            using var deadline = DeadlineSource(request, cancellationToken);
            var context = ResilienceContextPool.Shared.Get(deadline.Token);
            var tries = new List<ModelAttempt>();
            context.Properties.Set(AttemptsKey, tries);
            context.Properties.Set(ModelKey, model);
            var options = WithModel(chatOptions, model, request);
            var start = _time.GetTimestamp();
            try
            {
                var outcome = await Pipeline(model).ExecuteOutcomeAsync(
                    static async (ctx, state) =>
                    {
                        try
                        {
                            return Outcome.FromResult(await state.Client.GetResponseAsync(state.Messages, state.Options, ctx.CancellationToken));
                        }
                        catch (Exception e)
                        {
                            return Outcome.FromException<ChatResponse>(e);
                        }
                    },
                    context,
                    (Client: model.Client!, Messages: messages, Options: options));
                var elapsed = _time.GetElapsedTime(start) - tries.Aggregate(TimeSpan.Zero, (sum, t) => sum + t.Duration);
                attempts.AddRange(tries.Select((t, i) => i == 0 ? t with { QueueTime = lease.QueueTime } : t));
                var queued = tries.Count == 0 ? lease.QueueTime : TimeSpan.Zero;
                if (outcome.Exception is null && outcome.Result is { } response)
                {
                    attempts.Add(new ModelAttempt(model.Name, AttemptOutcome.Succeeded, string.Empty, queued, elapsed));
                    RecordCall(model, AttemptOutcome.Succeeded, elapsed);
                    return response;
                }

                var exception = outcome.Exception!;
                if (exception is OperationCanceledException && cancellationToken.IsCancellationRequested)
                {
                    attempts.Add(new ModelAttempt(model.Name, AttemptOutcome.Canceled, "cancelled by the caller", queued, elapsed));
                    throw new OperationCanceledException("cancelled by the caller", exception, cancellationToken);
                }

                var (kind, detail) = Classify(exception, model, request);
                attempts.Add(new ModelAttempt(model.Name, kind, detail, queued, elapsed));
                RecordCall(model, kind, elapsed);
                return null;
            }
            finally
            {
                ResilienceContextPool.Shared.Return(context);
            }
        }
    }

    private void RecordCall(RegisteredModel model, AttemptOutcome outcome, TimeSpan elapsed) =>
        _metrics?.CallDuration.Record(elapsed.TotalMilliseconds, new("model", model.Name), new("outcome", outcome.ToString().ToLowerInvariant()));

    private CancellationTokenSource DeadlineSource(ModelRequest request, CancellationToken cancellationToken)
    {
        var source = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        if (request.Deadline is { } deadline)
        {
            var left = deadline - _time.GetUtcNow();
            source.CancelAfter(left > TimeSpan.Zero ? left : TimeSpan.Zero);
        }

        return source;
    }

    private static ChatOptions WithModel(ChatOptions? chatOptions, RegisteredModel model, ModelRequest request)
    {
        var options = chatOptions?.Clone() ?? new ChatOptions();
        options.MaxOutputTokens ??= request.MaxOutputTokens;
        return options;
    }

    private ResiliencePipeline<ChatResponse> Pipeline(RegisteredModel model) => _pipelines.GetOrAdd(model.Name, _ =>
    {
        var builder = new ResiliencePipelineBuilder<ChatResponse>();
        if (_options.RateLimitRetries > 0)
        {
            builder.AddRetry(new RetryStrategyOptions<ChatResponse>
            {
                MaxRetryAttempts = _options.RateLimitRetries,
                ShouldHandle = args => ValueTask.FromResult(args.Outcome.Exception is ClientResultException { Status: 429 } e && RetryAfter(e) <= _options.MaxRateLimitWait),
                DelayGenerator = args => ValueTask.FromResult<TimeSpan?>(args.Outcome.Exception is ClientResultException e ? RetryAfter(e) : TimeSpan.Zero),
                BackoffType = DelayBackoffType.Constant,
                Delay = TimeSpan.Zero,
                OnRetry = args =>
                {
                    var tries = args.Context.Properties.GetValue(AttemptsKey, []);
                    var (kind, detail) = Classify(args.Outcome.Exception!, model, null);
                    tries.Add(new ModelAttempt(model.Name, kind, string.Create(CultureInfo.InvariantCulture, $"{detail}; retried after {args.RetryDelay.TotalSeconds:0.#} s"), TimeSpan.Zero, args.Duration));
                    return ValueTask.CompletedTask;
                },
            });
        }

        builder.AddTimeout(model.Timeout);
        return builder.Build();
    });

    /// <summary>The wait a 429 asks for (<c>Retry-After</c> seconds or date); zero when it names none.</summary>
    internal static TimeSpan RetryAfter(ClientResultException exception)
    {
        var headers = exception.GetRawResponse()?.Headers;
        if (headers is null || !headers.TryGetValue("Retry-After", out var value) || string.IsNullOrWhiteSpace(value))
        {
            return TimeSpan.Zero;
        }

        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds))
        {
            return TimeSpan.FromSeconds(Math.Max(0, seconds));
        }

        return DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var when)
            ? when - DateTimeOffset.UtcNow is var wait && wait > TimeSpan.Zero ? wait : TimeSpan.Zero
            : TimeSpan.Zero;
    }

    /// <summary>What kind of failure <paramref name="exception"/> is, in one line naming the model.</summary>
    internal static (AttemptOutcome Outcome, string Detail) Classify(Exception exception, RegisteredModel model, ModelRequest? request)
    {
        var at = $"{model.Name} ({model.Address})";
        switch (exception)
        {
            case ClientResultException { Status: 429 } e:
                var wait = RetryAfter(e);
                return (AttemptOutcome.RateLimited, string.Create(CultureInfo.InvariantCulture, $"{at}: HTTP 429 rate limited{(wait > TimeSpan.Zero ? $", retry after {wait.TotalSeconds:0.#} s" : string.Empty)}: {ServerMessage(e)}"));
            case ClientResultException { Status: 0 } e:
                return (AttemptOutcome.Failed, $"{at}: no response: {FirstLine(e.InnerException?.Message ?? e.Message)}");
            case ClientResultException e:
                var hint = e.Status is 401 or 403 ? " (check the API key variable)" : string.Empty;
                return (AttemptOutcome.Failed, string.Create(CultureInfo.InvariantCulture, $"{at}: HTTP {e.Status}{hint}: {ServerMessage(e)}"));
            case TimeoutRejectedException:
                return (AttemptOutcome.TimedOut, $"{at}: no answer within {model.Timeout} ({ModelOptions.Section}:{model.Name}:{nameof(ModelOptions.Timeout)})");
            case OperationCanceledException when request?.Deadline is not null:
                return (AttemptOutcome.TimedOut, $"{at}: the request's deadline passed during the call");
            case OperationCanceledException:
                return (AttemptOutcome.TimedOut, $"{at}: the call was cancelled by a timeout");
            case HttpRequestException e:
                return (AttemptOutcome.Failed, $"{at}: unreachable: {FirstLine(e.Message)}");
            case HunyuException e:
                return (e.Error == ErrorCode.Timeout ? AttemptOutcome.TimedOut : AttemptOutcome.Failed, $"{at}: {e.Message}");
            default:
                return (AttemptOutcome.Failed, $"{at}: {exception.GetType().Name}: {FirstLine(exception.Message)}");
        }
    }

    private static string ServerMessage(ClientResultException exception)
    {
        try
        {
            var body = exception.GetRawResponse()?.Content;
            if (body is not null && body.ToMemory().Length > 0)
            {
                using var json = JsonDocument.Parse(body.ToMemory());
                if (json.RootElement.ValueKind == JsonValueKind.Object && json.RootElement.TryGetProperty("error", out var error))
                {
                    var message = error.ValueKind == JsonValueKind.Object && error.TryGetProperty("message", out var m) ? m.GetString() : error.ToString();
                    return Cut(message ?? string.Empty);
                }
            }
        }
        catch (JsonException)
        {
            // Not JSON: the exception's own message says enough.
        }

        return Cut(FirstLine(exception.Message));
    }

    private static string FirstLine(string text)
    {
        var end = text.IndexOfAny(['\r', '\n']);
        return end < 0 ? text : text[..end];
    }

    private static string Cut(string text) => text.Length <= 300 ? text : text[..300] + "…";

    [LoggerMessage(EventId = 5001, Level = LogLevel.Information, Message = "Model decision: {Model} (priority {Priority}, sensitive {Sensitive}, {Attempts} attempt(s)): {Reasons}")]
    private static partial void LogDecision(ILogger logger, string model, RequestPriority priority, bool sensitive, int attempts, IReadOnlyList<string> reasons);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Model attempt {Model} ended {Outcome}: {Detail}")]
    private static partial void LogAttemptFailed(ILogger logger, string model, AttemptOutcome outcome, string detail);

    /// <summary>One streaming call: its slot, its timeout and its enumerator.</summary>
    private sealed class StreamingCall(ModelGateway gateway, RegisteredModel model, ModelRequest request, IList<ChatMessage> messages, ChatOptions? chatOptions, CancellationToken cancellationToken) : IAsyncDisposable
    {
        private ModelLease? _lease;
        private CancellationTokenSource? _timeout;
        private IAsyncEnumerator<ChatResponseUpdate>? _updates;
        private long _start;
        private Exception? _failure;

        public UsageDetails? Usage { get; private set; }

        /// <summary>Takes a slot and waits for the first text; null (with the attempt recorded) when the model failed first.</summary>
        public async Task<string?> StartAsync(List<ModelAttempt> attempts)
        {
            try
            {
                _lease = await gateway._scheduler.AcquireAsync(model.Name, model.MaxConcurrency, request.Priority, request.Deadline, cancellationToken);
            }
            catch (HunyuException e) when (e.Error == ErrorCode.Timeout)
            {
                attempts.Add(new ModelAttempt(model.Name, AttemptOutcome.QueueTimeout, e.Message, TimeSpan.Zero, TimeSpan.Zero));
                return null;
            }

            _timeout = gateway.DeadlineSource(request, cancellationToken);
            _timeout.CancelAfter(model.Timeout);
            _start = gateway._time.GetTimestamp();
            _updates = model.Client!.GetStreamingResponseAsync(messages, WithModel(chatOptions, model, request), _timeout.Token).GetAsyncEnumerator(_timeout.Token);
            var first = await NextAsync();
            if (first is null)
            {
                var attempt = Finish(attempts);
                if (attempt.Outcome == AttemptOutcome.Succeeded)
                {
                    // An empty answer is a broken one: nothing to show, so the next model is tried.
                    attempts[^1] = attempt with { Outcome = AttemptOutcome.Failed, Detail = $"{model.Name} ({model.Address}): the stream ended without text" };
                }

                return null;
            }

            return first;
        }

        /// <summary>The next non-empty text, or null at the end or on failure (kept for <see cref="Finish"/>).</summary>
        public async Task<string?> NextAsync()
        {
            if (_updates is null || _failure is not null)
            {
                return null;
            }

            try
            {
                while (await _updates.MoveNextAsync())
                {
                    var update = _updates.Current;
                    foreach (var usage in update.Contents.OfType<UsageContent>())
                    {
                        Usage = usage.Details;
                    }

                    if (!string.IsNullOrEmpty(update.Text))
                    {
                        return update.Text;
                    }
                }
            }
            catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                _failure = e is OperationCanceledException && !(request.Deadline is { } d && d <= gateway._time.GetUtcNow()) ? new TimeoutRejectedException("stream timed out", e) : e;
            }

            return null;
        }

        /// <summary>Records how the call ended.</summary>
        public ModelAttempt Finish(List<ModelAttempt> attempts)
        {
            var elapsed = gateway._time.GetElapsedTime(_start);
            var attempt = _failure is null
                ? new ModelAttempt(model.Name, AttemptOutcome.Succeeded, string.Empty, _lease?.QueueTime ?? TimeSpan.Zero, elapsed)
                : Classify(_failure, model, request) is var (kind, detail) ? new ModelAttempt(model.Name, kind, detail, _lease?.QueueTime ?? TimeSpan.Zero, elapsed) : null!;
            attempts.Add(attempt);
            gateway.RecordCall(model, attempt.Outcome, elapsed);
            return attempt;
        }

        public async ValueTask DisposeAsync()
        {
            if (_updates is not null)
            {
                await _updates.DisposeAsync();
            }

            _timeout?.Dispose();
            _lease?.Dispose();
        }
    }
}
