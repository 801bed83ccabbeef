using Hunyu.Core.Errors;
using Hunyu.Hosting;
using Hunyu.Hosting.Configuration;
using Hunyu.Server;

var builder = WebApplication.CreateBuilder(args);

// The knowledge base is opened before the app is built (a bad setting ends start-up with a one-line error), so its
// model gateway logs through a factory of its own, configured like the app's console logging.
using var loggers = LoggerFactory.Create(logging => logging.AddConfiguration(builder.Configuration.GetSection("Logging")).AddSimpleConsole());
KnowledgeBase knowledge;
try
{
    var dataDirectory = DataDirectory.Resolve(builder.Configuration[HunyuServer.DataKey]);
    // The data directory's hunyu.json sits under the server's own settings (appsettings, environment, arguments).
    var settings = new ConfigurationBuilder().AddConfiguration(HunyuConfiguration.Load(dataDirectory)).AddConfiguration(builder.Configuration).Build();
    knowledge = KnowledgeBase.Open(dataDirectory, HunyuConfiguration.Options(settings, loggers));
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
