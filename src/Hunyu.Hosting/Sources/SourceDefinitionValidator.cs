using System.Text.RegularExpressions;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;
using Hunyu.Ingestion.Connectors.Web;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Hosting.Sources;

/// <summary>
/// Checks a <see cref="SourceDefinition"/> and brings it to its stored form: paths absolute, the ACL and crawl limits
/// explicit, only the settings of its kind kept. What only the connector can judge (columns, URLs, ranges) it judges.
/// </summary>
/// <remarks>SECURITY: input that may be a secret (a connection string, a URL with credentials) is refused without being repeated.</remarks>
internal static partial class SourceDefinitionValidator
{
    /// <summary>Longest part of an input repeated in an error.</summary>
    private const int MaxShownLength = 80;

    /// <summary>The stored form of <paramref name="definition"/>.</summary>
    /// <exception cref="HunyuException">The definition is incomplete or invalid (<c>invalid_argument</c>), or its path does not exist (<c>path_not_found</c>).</exception>
    public static SourceDefinition Normalize(SourceDefinition definition)
    {
        ArgumentNullException.ThrowIfNull(definition);
        if (!Domain.IsValidName(definition.Domain))
        {
            throw Invalid($"domain '{Shown(definition.Domain)}': {Domain.NameRule}");
        }

        var acl = Acl.From(definition.Allow, definition.Deny);
        (string Kind, bool Given)[] settings = [(SourceDefinition.FilesKind, definition.Files is not null), (SourceDefinition.SqlKind, definition.Sql is not null), (SourceDefinition.WebKind, definition.Web is not null)];
        if (!settings.Any(s => s.Kind == definition.Kind))
        {
            throw Invalid($"source kind '{Shown(definition.Kind)}': use {SourceDefinition.FilesKind}, {SourceDefinition.SqlKind} or {SourceDefinition.WebKind}");
        }

        if (settings.FirstOrDefault(s => s.Given && s.Kind != definition.Kind).Kind is { } other)
        {
            throw Invalid($"a {definition.Kind} source takes no {other} settings");
        }

        // Stored in the canonical form, one value per kind; a bad value is refused here, not at the first sync.
        var governance = GovernanceActionOverrides.Parse(definition.Governance)?.ToValues() ?? [];
        var normalized = new SourceDefinition { Domain = definition.Domain, Kind = definition.Kind, Allow = acl.Allow, Deny = acl.Deny, Governance = governance };
        return definition.Kind switch
        {
            SourceDefinition.FilesKind => normalized with { Files = Files(definition.Files) },
            SourceDefinition.SqlKind => normalized with { Sql = Sql(definition.Sql) },
            _ => normalized with { Web = Web(definition.Web) },
        };
    }

    private static FileSourceSettings Files(FileSourceSettings? files)
    {
        if (string.IsNullOrWhiteSpace(files?.Path))
        {
            throw Invalid("files source: give the folder or file to read (files.path)");
        }

        var path = FullPath(files.Path, "files source");
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            throw new HunyuException(ErrorCode.PathNotFound, $"{path}: no such file or folder");
        }

        return new FileSourceSettings { Path = path, Include = Patterns(files.Include ?? [], "include"), Exclude = Patterns(files.Exclude ?? [], "exclude") };
    }

    private static SqlSourceSettings Sql(SqlSourceSettings? sql)
    {
        if (sql is null || (sql.Provider != SqlSourceSettings.Sqlite && sql.Provider != SqlSourceSettings.Postgres))
        {
            throw Invalid($"sql source: provider '{Shown(sql?.Provider)}': use {SqlSourceSettings.Sqlite} or {SqlSourceSettings.Postgres} (sql.provider)");
        }

        // A JSON body may send null lists; the stored form has none.
        sql = sql with { Key = sql.Key ?? [], Text = sql.Text ?? [] };
        if (sql.Provider == SqlSourceSettings.Sqlite)
        {
            if (sql.ConnectionEnv is not null || string.IsNullOrWhiteSpace(sql.Database))
            {
                throw Invalid("sqlite source: give the database file (--database FILE, sql.database), not a connection variable");
            }

            // SECURITY: something like "Host=…;Password=…" is a connection string given in the wrong place; never repeat it.
            if (sql.Database.Contains('=', StringComparison.Ordinal))
            {
                throw Invalid("sqlite source: the database is the path of a SQLite file, not a connection string; a PostgreSQL connection string goes in an environment variable named by --connection-env");
            }

            return sql with { Database = FullPath(sql.Database, "sqlite source"), ConnectionEnv = null };
        }

        if (sql.Database is not null || string.IsNullOrWhiteSpace(sql.ConnectionEnv))
        {
            throw Invalid("postgres source: give --connection-env VAR (sql.connection_env), the name of the environment variable holding the connection string; it is never stored");
        }

        // SECURITY: a value that is not a variable name may be the connection string itself; never repeat it.
        if (!VariableName().IsMatch(sql.ConnectionEnv))
        {
            throw Invalid("postgres source: --connection-env takes the NAME of an environment variable (letters, digits and '_'), never the connection string itself");
        }

        return sql;
    }

    private static WebSourceSettings Web(WebSourceSettings? web)
    {
        if (web is null)
        {
            throw Invalid("web source: give at least one URL (web.urls) or sitemap (web.sitemaps)");
        }

        IReadOnlyList<string> urls = [.. (web.Urls ?? []).Select(url => url?.Trim() ?? string.Empty)];
        IReadOnlyList<string> sitemaps = [.. (web.Sitemaps ?? []).Select(url => url?.Trim() ?? string.Empty)];

        // SECURITY: credentials in a URL would be stored and shown with the definition; refuse without repeating them.
        if (urls.Concat(sitemaps).Any(url => Uri.TryCreate(url, UriKind.Absolute, out var uri) && uri.UserInfo.Length > 0))
        {
            throw Invalid("web source: a URL carries credentials (user:password@host); source definitions never hold credentials");
        }

        return web with
        {
            Urls = urls,
            Sitemaps = sitemaps,
            AllowHosts = web.AllowHosts ?? [],
            Depth = web.Depth ?? WebCrawlOptions.DefaultMaxDepth,
            MaxPages = web.MaxPages ?? WebCrawlOptions.DefaultMaxPages,
        };
    }

    private static string[] Patterns(IReadOnlyList<string> patterns, string name) =>
        patterns.Any(string.IsNullOrWhiteSpace) ? throw Invalid($"files source: an {name} pattern is blank (files.{name})") : [.. patterns];

    /// <summary>The absolute form of a path given for <paramref name="what"/>; the process's current folder resolves a relative one.</summary>
    private static string FullPath(string path, string what)
    {
        try
        {
            return System.IO.Path.GetFullPath(path);
        }
        catch (Exception e) when (e is ArgumentException or NotSupportedException or PathTooLongException)
        {
            throw Invalid($"{what}: '{Shown(path)}' is not a valid path ({e.Message})");
        }
    }

    private static HunyuException Invalid(string message) => new(ErrorCode.InvalidArgument, message);

    /// <summary>Input as repeated in an error: one line, at most <see cref="MaxShownLength"/> characters.</summary>
    private static string Shown(string? value)
    {
        var line = new string((value ?? string.Empty).Select(c => char.IsControl(c) ? ' ' : c).ToArray());
        return line.Length <= MaxShownLength ? line : line[..MaxShownLength] + "…";
    }

    [GeneratedRegex("^[A-Za-z_][A-Za-z0-9_]{0,127}$")]
    private static partial Regex VariableName();
}
