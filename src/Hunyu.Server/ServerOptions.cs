namespace Hunyu.Server;

/// <summary>Limits of the HTTP API, bound from <c>Hunyu:Server</c>.</summary>
public sealed class ServerOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Hunyu:Server";

    /// <summary>Default largest JSON request body (1 MB).</summary>
    public const long DefaultMaxJsonBodyBytes = 1L * 1024 * 1024;

    /// <summary>Default largest upload request (100 MB).</summary>
    public const long DefaultMaxUploadBytes = 100L * 1024 * 1024;

    /// <summary>Default most files in one upload request.</summary>
    public const int DefaultMaxUploadFiles = 100;

    /// <summary>Smallest allowed body limit (1 KB).</summary>
    public const long MinBodyBytes = 1_024;

    /// <summary>Largest allowed JSON body limit (64 MB).</summary>
    public const long MaxJsonBodyBytesLimit = 64L * 1024 * 1024;

    /// <summary>Largest allowed upload limit (16 GB).</summary>
    public const long MaxUploadBytesLimit = 16L * 1024 * 1024 * 1024;

    /// <summary>Largest allowed number of files per upload.</summary>
    public const int MaxUploadFilesLimit = 10_000;

    /// <summary>Largest JSON request body, in bytes.</summary>
    /// <value>The default is 1 MB; allowed 1 KB-64 MB.</value>
    public long MaxJsonBodyBytes { get; set; } = DefaultMaxJsonBodyBytes;

    /// <summary>Largest upload request (all files together), in bytes.</summary>
    /// <value>The default is 100 MB; allowed 1 KB-16 GB.</value>
    public long MaxUploadBytes { get; set; } = DefaultMaxUploadBytes;

    /// <summary>Most files in one upload request.</summary>
    /// <value>The default is 100; allowed 1-10,000.</value>
    public int MaxUploadFiles { get; set; } = DefaultMaxUploadFiles;

    /// <summary>Web origins (e.g. <c>https://portal.example.com</c>) besides the server's own that may send state-changing requests.</summary>
    /// <value>The default is none.</value>
    public IList<string> AllowedOrigins { get; set; } = [];
}
