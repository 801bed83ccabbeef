using System.ClientModel;
using System.ClientModel.Primitives;
using Microsoft.Extensions.AI;
using OpenAI;
using OpenAI.Chat;

namespace Hunyu.Models.Gateway;

/// <summary>Builds the <see cref="IChatClient"/> of an OpenAI-compatible <c>/v1/chat/completions</c> endpoint.</summary>
/// <remarks>
/// The client library's own retries are off: the gateway retries and falls back itself (honouring <c>Retry-After</c>),
/// so a failure is seen once, by the policy that records it. Errors surface as <see cref="ClientResultException"/>
/// (HTTP status and the server's message).
/// </remarks>
internal static class OpenAIChatClientFactory
{
    /// <summary>Sent as the key when the key variable is unset: local servers ignore it, hosted ones answer 401.</summary>
    private const string NoKey = "no-key";

    public static IChatClient Create(ModelOptions options, string endpoint, HttpClient? httpClient)
    {
        // SECURITY: the key is read from the environment here and handed to the client; it is never stored in options or logged.
        var variable = options.ApiKeyVariable ?? (options.Preset is { } preset && ModelPresets.All.TryGetValue(preset, out var known) ? known.ApiKeyVariable : null);
        var key = string.IsNullOrWhiteSpace(variable) ? null : Environment.GetEnvironmentVariable(variable);
        var clientOptions = new OpenAIClientOptions
        {
            Endpoint = new Uri(endpoint),
            // The gateway's timeout cancels first; this only bounds a call made without one.
            NetworkTimeout = options.Timeout + options.Timeout,
            RetryPolicy = new ClientRetryPolicy(0),
        };
        if (httpClient is not null)
        {
            clientOptions.Transport = new HttpClientPipelineTransport(httpClient);
        }

        var client = new ChatClient(options.Model, new ApiKeyCredential(string.IsNullOrEmpty(key) ? NoKey : key), clientOptions);
        return client.AsIChatClient();
    }
}
