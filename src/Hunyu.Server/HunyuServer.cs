using System.Text.Json;
using System.Text.Json.Serialization;
using Hunyu.Hosting;
using Hunyu.Hosting.Notes;
using Hunyu.Hosting.Sources;
using Hunyu.Server.Api;
using Hunyu.Server.Errors;
using Hunyu.Server.Health;
using Hunyu.Server.Http;
using Hunyu.Server.Identity;
using Hunyu.Server.Mcp;
using Hunyu.Server.OpenAI;
using Hunyu.Server.Uploads;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Scalar.AspNetCore;

namespace Hunyu.Server;

/// <summary>Builds the Hunyu HTTP API over an open <see cref="KnowledgeBase"/>; the server's program and the CLI's <c>serve</c> both call it.</summary>
public static class HunyuServer
{
    /// <summary>The configuration key naming the data directory (<c>--Hunyu:Data</c>, env <c>Hunyu__Data</c>).</summary>
    public const string DataKey = "Hunyu:Data";

    /// <summary>Where the server listens when no URL is given or configured.</summary>
    public const string DefaultUrls = "http://localhost:5080";

    private const string ReadyTag = "ready";

    private static readonly TimeSpan ReadinessTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Builds the app from command-line <paramref name="args"/> (configuration, <c>--urls</c>, environment).</summary>
    /// <param name="knowledge">The open knowledge base; the caller owns it and disposes it after the app stops.</param>
    /// <param name="args">Command-line arguments for host configuration; may be empty.</param>
    /// <param name="urls">URLs to listen on, e.g. <c>http://localhost:5080</c> (';'-separated); null uses the configured ones or <see cref="DefaultUrls"/>.</param>
    /// <returns>The app, not yet started: call <c>RunAsync</c>, or <c>StartAsync</c> and <c>StopAsync</c>, then dispose it.</returns>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The <c>Hunyu:Server</c> settings are out of range.</exception>
    public static WebApplication Build(KnowledgeBase knowledge, string[] args, string? urls = null)
    {
        ArgumentNullException.ThrowIfNull(args);
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(HunyuServer).Assembly.GetName().Name,
        });
        return Build(knowledge, builder, urls);
    }

    /// <summary>Builds the app from a builder the caller created (and may have configured further).</summary>
    /// <param name="knowledge">The open knowledge base; the caller owns it and disposes it after the app stops.</param>
    /// <param name="builder">The builder; its configuration supplies <c>Hunyu:Server</c> settings and URLs.</param>
    /// <param name="urls">URLs to listen on; null uses the configured ones or <see cref="DefaultUrls"/>.</param>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">The <c>Hunyu:Server</c> settings are out of range.</exception>
    public static WebApplication Build(KnowledgeBase knowledge, WebApplicationBuilder builder, string? urls = null)
    {
        ArgumentNullException.ThrowIfNull(knowledge);
        ArgumentNullException.ThrowIfNull(builder);
        ConfigureUrls(builder, urls);
        AddServices(builder.Services, knowledge);
        var app = builder.Build();
        UsePipeline(app);
        MapEndpoints(app);
        return app;
    }

    private static void ConfigureUrls(WebApplicationBuilder builder, string? urls)
    {
        if (!string.IsNullOrWhiteSpace(urls))
        {
            builder.WebHost.UseUrls(urls);
            return;
        }

        var configuration = builder.Configuration;
        var configured = !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.ServerUrlsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpPortsKey])
            || !string.IsNullOrWhiteSpace(configuration[WebHostDefaults.HttpsPortsKey])
            || configuration.GetSection("Kestrel:Endpoints").Exists();
        if (!configured)
        {
            builder.WebHost.UseUrls(DefaultUrls);
        }
    }

    private static void AddServices(IServiceCollection services, KnowledgeBase knowledge)
    {
        // Registered as an instance: the container does not dispose what it did not create, so the caller keeps ownership.
        services.AddSingleton(knowledge);
        services.AddSingleton<UploadService>();
        services.AddSingleton(new PersonalNotes(knowledge));
        services.AddSingleton(new SourceRegistry(knowledge));
        services.AddOptionsWithValidateOnStart<ServerOptions, ServerOptionsValidator>().BindConfiguration(ServerOptions.Section);
        services.AddOptions<FormOptions>().Configure<IOptions<ServerOptions>>((form, server) =>
        {
            form.MultipartBodyLengthLimit = server.Value.MaxUploadBytes;
            form.ValueCountLimit = Math.Max(form.ValueCountLimit, server.Value.MaxUploadFiles + 16);
        });

        services.ConfigureHttpJsonOptions(json =>
        {
            json.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            json.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        });

        // Bad JSON, a missing body or a wrong media type become exceptions, so the one handler answers them as problems.
        services.Configure<RouteHandlerOptions>(routes => routes.ThrowOnBadRequest = true);
        services.AddProblemDetails(problems => problems.CustomizeProblemDetails = context => ApiProblems.Complete(context.ProblemDetails, context.HttpContext));
        services.AddExceptionHandler<ProblemExceptionHandler>();

        services.AddHealthChecks().AddCheck<CatalogHealthCheck>("catalog", tags: [ReadyTag], timeout: ReadinessTimeout);
        services.AddOpenApi();
        services.AddHunyuMcp();
        services.AddHunyuIdentity();
    }

    private static void UsePipeline(WebApplication app)
    {
        app.UseMiddleware<SecurityHeadersMiddleware>();
        app.UseExceptionHandler();
        app.UseStatusCodePages();
        app.UseRouting();
        app.UseMiddleware<CrossOriginGuardMiddleware>();
        app.UseMiddleware<RequestBodyLimitMiddleware>();
        app.UseHunyuIdentity();
    }

    private static void MapEndpoints(WebApplication app)
    {
        var options = app.Services.GetRequiredService<IOptions<ServerOptions>>().Value;
        var api = app.MapGroup("/api")
            .WithMetadata(BodySizeLimit.Json(options));
        SearchEndpoints.Map(api);
        DocumentEndpoints.Map(api, options);
        CatalogEndpoints.Map(api);
        DomainEndpoints.Map(api);
        SourceEndpoints.Map(api);
        NoteEndpoints.Map(api);
        AuditEndpoints.Map(api);
        AclEndpoints.Map(api);
        IdentityEndpoints.Map(api);
        ChatEndpoints.Map(app.MapGroup("/v1")
            .WithMetadata(BodySizeLimit.Json(options)));
        app.MapHunyuMcp(options);

        app.MapHealthChecks("/health/live", new HealthCheckOptions { Predicate = _ => false, ResponseWriter = HealthResponseWriter.WriteAsync });
        app.MapHealthChecks("/health/ready", new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag), ResponseWriter = HealthResponseWriter.WriteAsync });

        app.MapOpenApi();
        app.MapScalarApiReference(scalar => scalar.WithTitle("Hunyu API").DisableDefaultFonts());
        app.MapGet("/", () => TypedResults.Redirect(SecurityHeadersMiddleware.ApiPagePath)).ExcludeFromDescription();
    }
}
