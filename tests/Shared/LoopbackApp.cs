using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Hunyu.Tests.Shared;

/// <summary>
/// A Kestrel app on 127.0.0.1 at a free port: the one start-up of every in-process server the tests and benchmarks
/// talk to over real HTTP (fake model endpoints, web sites, search engines). Linked into the projects that use it.
/// </summary>
internal static class LoopbackApp
{
    /// <summary>Builds the app, lets <paramref name="map"/> add its routes, starts it.</summary>
    /// <returns>The running app (the caller stops and disposes it) and its base address, e.g. <c>http://127.0.0.1:41234</c>.</returns>
    public static async Task<(WebApplication App, string Address)> StartAsync(Action<WebApplication> map)
    {
        ArgumentNullException.ThrowIfNull(map);
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0));
        var app = builder.Build();
        map(app);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return (app, address.TrimEnd('/'));
    }
}
