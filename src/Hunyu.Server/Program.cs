var app = WebApplication.CreateBuilder(args).Build();
app.MapGet("/health/live", () => Results.Ok(new { status = "live" }));
await app.RunAsync();

/// <summary>The server's entry point; public so integration tests can host it.</summary>
public partial class Program;
