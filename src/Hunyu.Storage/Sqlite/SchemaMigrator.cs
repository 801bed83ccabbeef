using System.Globalization;
using Hunyu.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <summary>
/// Brings a catalog database to the latest schema. The version is <c>PRAGMA user_version</c>; script
/// <c>Migrations/000N_*.sql</c> takes the schema from version N-1 to N. All pending scripts run in one
/// transaction, so a failed migration leaves the file at its previous version.
/// </summary>
internal static class SchemaMigrator
{
    /// <summary>Marks the file as a Hunyu catalog (<c>PRAGMA application_id</c>): "HNYU".</summary>
    public const int ApplicationId = 0x484E5955;

    private const string ResourcePrefix = "Hunyu.Storage.Sqlite.Migrations.";

    /// <summary>The migration scripts in order: index 0 creates version 1.</summary>
    public static IReadOnlyList<string> Scripts { get; } = LoadScripts();

    /// <summary>The schema version this code writes.</summary>
    public static int LatestVersion => Scripts.Count;

    /// <summary>Checks the file is a Hunyu catalog no newer than <paramref name="scripts"/> know, switches it to WAL and applies pending scripts.</summary>
    /// <exception cref="HunyuException"><see cref="ErrorCode.StoreUnavailable"/> when the file is newer, foreign, corrupt or a script fails.</exception>
    public static void Migrate(SqliteConnection connection, string path, IReadOnlyList<string> scripts)
    {
        ArgumentNullException.ThrowIfNull(connection);
        ArgumentNullException.ThrowIfNull(scripts);

        // The first read of the header is what fails on a file that is not a database.
        var version = ReadInt(connection, null, "PRAGMA user_version;");
        var applicationId = ReadInt(connection, null, "PRAGMA application_id;");
        CheckVersion(path, version, scripts.Count);
        if (applicationId != ApplicationId && (applicationId != 0 || version != 0 || HasTables(connection)))
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: is a SQLite database but not a Hunyu catalog (application_id {applicationId})");
        }

        // journal_mode is stored in the file and cannot change inside a transaction.
        Execute(connection, null, "PRAGMA journal_mode = WAL;");
        if (version == scripts.Count)
        {
            return;
        }

        using var transaction = connection.BeginTransaction();

        // Another process may have migrated between the check above and taking the write lock.
        version = ReadInt(connection, transaction, "PRAGMA user_version;");
        CheckVersion(path, version, scripts.Count);
        for (var next = version + 1; next <= scripts.Count; next++)
        {
            try
            {
                Execute(connection, transaction, scripts[next - 1]);
            }
            catch (SqliteException e)
            {
                throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: migration to schema version {next} failed: {e.Message}", e);
            }
        }

        // PRAGMA takes no parameters; both values are integers formatted here, not input.
        Execute(connection, transaction, string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA application_id = {ApplicationId}; PRAGMA user_version = {scripts.Count};"));
        transaction.Commit();
    }

    private static void CheckVersion(string path, int version, int latest)
    {
        if (version > latest)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{path}: schema version {version} is newer than this Hunyu (max {latest})");
        }
    }

    private static bool HasTables(SqliteConnection connection) =>
        ReadInt(connection, null, "SELECT COUNT(*) FROM sqlite_schema WHERE type = 'table';") > 0;

    private static int ReadInt(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        return Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
    }

    private static void Execute(SqliteConnection connection, SqliteTransaction? transaction, string sql)
    {
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = sql;
        command.ExecuteNonQuery();
    }

    private static string[] LoadScripts()
    {
        var assembly = typeof(SchemaMigrator).Assembly;
        var names = assembly.GetManifestResourceNames()
            .Where(name => name.StartsWith(ResourcePrefix, StringComparison.Ordinal) && name.EndsWith(".sql", StringComparison.Ordinal))
            .Order(StringComparer.Ordinal)
            .ToArray();
        var scripts = new string[names.Length];
        for (var i = 0; i < names.Length; i++)
        {
            // A gap or duplicate in the numbering is a build mistake; fail loudly rather than skip a version.
            var number = names[i].AsSpan(ResourcePrefix.Length, 4);
            if (!int.TryParse(number, NumberStyles.None, CultureInfo.InvariantCulture, out var version) || version != i + 1)
            {
                throw new InvalidOperationException($"migration script {names[i]} is out of sequence; expected version {i + 1}");
            }

            using var stream = assembly.GetManifestResourceStream(names[i])!;
            using var reader = new StreamReader(stream);
            scripts[i] = reader.ReadToEnd();
        }

        return scripts;
    }
}
