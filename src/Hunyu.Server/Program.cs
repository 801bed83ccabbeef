using Hunyu.Core.Errors;
using Hunyu.Hosting;
using Hunyu.Hosting.Configuration;
using Hunyu.Server;

var builder = WebApplication.CreateBuilder(args);
KnowledgeBase knowledge;
try
{
    var dataDirectory = DataDirectory.Resolve(builder.Configuration[HunyuServer.DataKey]);
    // The data directory's hunyu.json sits under the server's own settings (appsettings, environment, arguments).
    var settings = new ConfigurationBuilder().AddConfiguration(HunyuConfiguration.Load(dataDirectory)).AddConfiguration(builder.Configuration).Build();
    knowledge = KnowledgeBase.Open(dataDirectory, HunyuConfiguration.Options(settings));
}
catch (HunyuException e)
{
    await Console.Error.WriteLineAsync($"error: {e.Error.Code}: {e.Message}");
    return e.Error.ExitCode;
}

// The app is disposed first, then the knowledge base it served.
using (knowledge)
{
    await using var app = HunyuServer.Build(knowledge, builder);
    await app.RunAsync();
}

return 0;

/// <summary>The server's entry point; public so integration tests can host it.</summary>
public partial class Program;
