using Hunyu.Hosting;
using Hunyu.Hosting.Configuration;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;

namespace Hunyu.Server.Tests;

/// <summary>
/// The server on a real Kestrel listener (127.0.0.1, a free port) over its own knowledge base, configured from
/// <c>Hunyu:*</c> settings like a data directory's <c>hunyu.json</c>: streaming and client disconnects behave as on the wire.
/// </summary>
internal sealed class LiveServer : IAsyncDisposable
{
    private readonly string _data;
    private readonly WebApplication _app;

    private LiveServer(string data, KnowledgeBase knowledge, WebApplication app, string apiKey)
    {
        _data = data;
        Knowledge = knowledge;
        _app = app;
        ApiKey = apiKey;
        Url = app.Urls.First().TrimEnd('/');
        Client = new HttpClient { BaseAddress = new Uri(Url) };
        Client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", apiKey);
    }

    public KnowledgeBase Knowledge { get; }

    /// <summary>An administrator's API key; <see cref="Client"/> sends it (clients such as OpenAI's always send a key, and a sent key is checked).</summary>
    public string ApiKey { get; }

    /// <summary>The base address, e.g. <c>http://127.0.0.1:41234</c>.</summary>
    public string Url { get; }

    public HttpClient Client { get; }

    /// <summary>Starts the server and uploads the handbook and the machine-room notes into the default domain.</summary>
    public static async Task<LiveServer> StartAsync(params (string Key, string? Value)[] settings)
    {
        var data = TestDirectories.Create();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Key, s.Value))).Build();
        var knowledge = KnowledgeBase.Open(data, HunyuConfiguration.Options(configuration));
        await knowledge.SaveUserAsync(Core.Security.Principal.DefaultTenant, "admin", Core.Security.PrincipalRole.Admin);
        var key = await knowledge.AddApiKeyAsync(Core.Security.Principal.DefaultTenant, "admin", ["admin"]);
        var app = HunyuServer.Build(knowledge, [], "http://127.0.0.1:0");
        await app.StartAsync(TestContext.Current.CancellationToken);
        var server = new LiveServer(data, knowledge, app, key.Key);
        (await ApiClient.UploadAsync(server.Client, null, (Samples.HandbookName, Samples.Handbook), (Samples.NotesName, Samples.Notes))).EnsureSuccessStatusCode().Dispose();
        return server;
    }

    /// <summary>Settings for one on-prem model <c>local</c> at <paramref name="endpoint"/> (an in-process fake).</summary>
    public static (string, string?)[] Model(string endpoint) =>
    [
        ("Hunyu:Models:local:Provider", "openai"),
        ("Hunyu:Models:local:Endpoint", endpoint),
        ("Hunyu:Models:local:Model", "fake"),
        ("Hunyu:Models:local:Location", "on_prem"),
        ("Hunyu:Models:local:Timeout", "00:00:30"),
    ];

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await _app.StopAsync(CancellationToken.None);
        await _app.DisposeAsync();
        Knowledge.Dispose();
        TestDirectories.Delete(_data);
    }
}
