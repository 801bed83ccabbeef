using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Hunyu.Ingestion.Tests.Connectors.Sql;

/// <summary>
/// A throwaway PostgreSQL server for one test collection: initdb into a temp folder, started on a free 127.0.0.1 port
/// with its socket in that folder and password (SCRAM) login, stopped and deleted at the end. As root the server runs
/// as the <c>postgres</c> user (it refuses root). <see cref="SkipReason"/> says why there is none.
/// </summary>
public sealed class PostgresServer : IAsyncLifetime
{
    public const string User = "crm_reader";
    public const string Database = "hunyu";

    private string? _root;
    private string? _bin;
    private bool _started;

    /// <summary>A password long and random enough that finding it in a message cannot be a coincidence.</summary>
    public string Password { get; } = "pw-" + Guid.NewGuid().ToString("N");

    public int Port { get; private set; }

    /// <summary>Null when the server runs; otherwise why tests that need it are skipped.</summary>
    public string? SkipReason { get; private set; }

    public string ConnectionString(string? password = null, int? port = null, int timeoutSeconds = 5) =>
        $"Host=127.0.0.1;Port={port ?? Port};Database={Database};Username={User};Password={password ?? Password};Timeout={timeoutSeconds};Pooling=false";

    public async ValueTask InitializeAsync()
    {
        _bin = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql").Select(d => Path.Combine(d, "bin")).Where(d => File.Exists(Path.Combine(d, "initdb"))).OrderByDescending(d => d, StringComparer.Ordinal).FirstOrDefault()
            : null;
        if (_bin is null)
        {
            SkipReason = "PostgreSQL is not installed (no /usr/lib/postgresql/*/bin/initdb; apt-get install postgresql)";
            return;
        }

        var asRoot = Environment.IsPrivilegedProcess;
        if (asRoot && Run("id", ["-u", "postgres"], runAsPostgres: false).ExitCode != 0)
        {
            SkipReason = "running as root and there is no 'postgres' user to run the server as";
            return;
        }

        _root = Directory.CreateTempSubdirectory("hunyu-pg-").FullName;
        var passwordFile = Path.Combine(_root, "password");
        await File.WriteAllTextAsync(passwordFile, Password);
        if (asRoot)
        {
            Require(Run("chown", ["-R", "postgres:", _root], runAsPostgres: false), "chown");
        }

        var data = Path.Combine(_root, "data");
        Require(Run(Path.Combine(_bin, "initdb"), ["-D", data, "-U", User, "--pwfile=" + passwordFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C", "--no-sync"], asRoot), "initdb");
        Port = FreePort();
        Require(
            Run(Path.Combine(_bin, "pg_ctl"), ["-D", data, "-l", Path.Combine(_root, "server.log"), "-w", "-t", "60", "-o", $"-p {Port} -k {_root} -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off", "start"], asRoot),
            "pg_ctl start");
        _started = true;

        await using var connection = new NpgsqlConnection(ConnectionString().Replace($"Database={Database}", "Database=postgres", StringComparison.Ordinal));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"CREATE DATABASE {Database}", connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Runs SQL statements in the test database.</summary>
    public async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>A table name no other test uses.</summary>
    public static string NewTableName(string prefix) => $"{prefix}_{Guid.NewGuid():N}";

    public ValueTask DisposeAsync()
    {
        if (_root is null)
        {
            return ValueTask.CompletedTask;
        }

        if (_started)
        {
            Run(Path.Combine(_bin!, "pg_ctl"), ["-D", Path.Combine(_root, "data"), "stop", "-m", "immediate", "-w"], Environment.IsPrivilegedProcess);
        }

        try
        {
            Directory.Delete(_root, recursive: true);
        }
        catch (IOException)
        {
            // The temp folder is cleaned up by the system if a file is still held.
        }

        return ValueTask.CompletedTask;
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private void Require((int ExitCode, string Output) result, string step)
    {
        if (result.ExitCode != 0)
        {
            var log = _root is not null && File.Exists(Path.Combine(_root, "server.log")) ? File.ReadAllText(Path.Combine(_root, "server.log")) : string.Empty;
            throw new InvalidOperationException($"{step} failed ({result.ExitCode}): {result.Output}\n{log}");
        }
    }

    private (int ExitCode, string Output) Run(string program, IReadOnlyList<string> arguments, bool runAsPostgres)
    {
        var start = new ProcessStartInfo(runAsPostgres ? "runuser" : program)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = _root ?? Path.GetTempPath(),
        };
        if (runAsPostgres)
        {
            foreach (var argument in (string[])["-u", "postgres", "--", program])
            {
                start.ArgumentList.Add(argument);
            }
        }

        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(90)))
        {
            process.Kill(entireProcessTree: true);
            return (-1, $"{program} did not finish in 90 s");
        }

        return (process.ExitCode, output.Result + error.Result);
    }
}

/// <summary>Tests sharing one <see cref="PostgresServer"/>.</summary>
[CollectionDefinition(Name)]
public sealed class PostgresServerDefinition : ICollectionFixture<PostgresServer>
{
    public const string Name = "postgres";
}
