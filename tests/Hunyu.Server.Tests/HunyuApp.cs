using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace Hunyu.Server.Tests;

/// <summary>The server's real Program over its own temporary data directory.</summary>
internal sealed class HunyuApp : WebApplicationFactory<Program>
{
    private readonly Dictionary<string, string> _settings;

    public HunyuApp(params (string Key, string Value)[] settings)
    {
        DataDirectory = TestDirectories.Create();
        _settings = settings.ToDictionary(s => s.Key, s => s.Value);
    }

    public string DataDirectory { get; }

    public string UploadsDirectory => Path.Combine(DataDirectory, "uploads");

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment("Production");
        builder.UseSetting(HunyuServer.DataKey, DataDirectory);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        TestDirectories.Delete(DataDirectory);
    }
}
