namespace Hunyu.Server.Http;

/// <summary>Endpoint metadata: the largest request body the endpoint accepts and the setting that controls it.</summary>
/// <param name="Bytes">The limit in bytes.</param>
/// <param name="Setting">The configuration path to name in the error, e.g. <c>Hunyu:Server:MaxJsonBodyBytes</c>.</param>
internal sealed record BodySizeLimit(long Bytes, string Setting)
{
    /// <summary>The limit of JSON bodies (<see cref="ServerOptions.MaxJsonBodyBytes"/>): the API, <c>/v1</c> and MCP share it.</summary>
    public static BodySizeLimit Json(ServerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new(options.MaxJsonBodyBytes, $"{ServerOptions.Section}:{nameof(ServerOptions.MaxJsonBodyBytes)}");
    }
}
