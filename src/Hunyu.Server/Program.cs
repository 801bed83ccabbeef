using Hunyu.Core.Errors;
using Hunyu.Hosting;
using Hunyu.Server;

var builder = WebApplication.CreateBuilder(args);
KnowledgeBase knowledge;
try
{
    knowledge = KnowledgeBase.Open(DataDirectory.Resolve(builder.Configuration[HunyuServer.DataKey]));
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
