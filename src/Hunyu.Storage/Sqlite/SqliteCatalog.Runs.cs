using System.Globalization;
using System.Text.Json;
using Hunyu.Core.Catalog;
using Hunyu.Core.Errors;
using Microsoft.Data.Sqlite;

namespace Hunyu.Storage.Sqlite;

/// <content>Ingestion run history (<see cref="IIngestionRunLog"/>).</content>
public sealed partial class SqliteCatalog
{
    /// <summary>Records the start of a run over a source at the current time and returns its id (increasing, from 1).</summary>
    public Task<long> StartAsync(string sourceId, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(sourceId);
        return WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, "INSERT INTO ingestion_runs (source_id, started_at) VALUES ($source_id, $started_at) RETURNING id;");
                command.Parameters.AddWithValue("$source_id", sourceId);
                command.Parameters.AddWithValue("$started_at", Now());
                return Convert.ToInt64(command.ExecuteScalar(), CultureInfo.InvariantCulture);
            },
            cancellationToken);
    }

    /// <summary>Records how a run ended, at the current time; finishing a run again overwrites its report.</summary>
    /// <exception cref="HunyuException"><see cref="ErrorCode.NotFound"/> when no run has id <paramref name="runId"/>.</exception>
    public async Task FinishAsync(long runId, IngestionRunReport report, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(report.Failed);
        var failed = JsonSerializer.Serialize(report.Failed, CatalogJsonContext.Stored.IReadOnlyListIngestionFailure);
        var updated = await WriteAsync(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, """
                    UPDATE ingestion_runs
                    SET finished_at = $finished_at, added = $added, updated = $updated, unchanged = $unchanged, deleted = $deleted,
                        failed_json = $failed_json, bytes = $bytes, chunks = $chunks
                    WHERE id = $id;
                    """);
                command.Parameters.AddWithValue("$id", runId);
                command.Parameters.AddWithValue("$finished_at", Now());
                command.Parameters.AddWithValue("$added", report.Added);
                command.Parameters.AddWithValue("$updated", report.Updated);
                command.Parameters.AddWithValue("$unchanged", report.Unchanged);
                command.Parameters.AddWithValue("$deleted", report.Deleted);
                command.Parameters.AddWithValue("$failed_json", failed);
                command.Parameters.AddWithValue("$bytes", report.Bytes);
                command.Parameters.AddWithValue("$chunks", report.Chunks);
                return command.ExecuteNonQuery();
            },
            cancellationToken);
        if (updated == 0)
        {
            throw new HunyuException(ErrorCode.NotFound, $"ingestion run {runId} does not exist");
        }
    }

    /// <summary>The most recent <paramref name="limit"/> runs, newest first; unfinished runs have no report.</summary>
    public Task<IReadOnlyList<IngestionRun>> ListAsync(int limit, CancellationToken cancellationToken = default) =>
        ListAsync(limit, null, cancellationToken);

    /// <summary>
    /// The most recent <paramref name="limit"/> runs over sources of <paramref name="tenant"/>'s domains (every run when
    /// null), newest first; unfinished runs have no report.
    /// </summary>
    public Task<IReadOnlyList<IngestionRun>> ListAsync(int limit, string? tenant, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(limit);
        return ReadAsync<IReadOnlyList<IngestionRun>>(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, """
                    SELECT id, source_id, started_at, finished_at, added, updated, unchanged, deleted, failed_json, bytes, chunks
                    FROM ingestion_runs
                    WHERE $tenant IS NULL
                       OR source_id IN (SELECT s.id FROM sources s JOIN domains d ON d.name = s.domain WHERE d.tenant = $tenant)
                    ORDER BY id DESC LIMIT $limit;
                    """);
                command.Parameters.AddWithValue("$limit", limit);
                command.Parameters.AddWithValue("$tenant", DbValue(tenant));
                using var reader = command.ExecuteReader();
                var runs = new List<IngestionRun>();
                while (reader.Read())
                {
                    runs.Add(ReadRun(reader));
                }

                return runs;
            },
            cancellationToken);
    }

    /// <summary>The run <paramref name="runId"/>, or null when there is none; an unfinished run has no report.</summary>
    public Task<IngestionRun?> GetRunAsync(long runId, CancellationToken cancellationToken = default) =>
        ReadAsync<IngestionRun?>(
            (connection, transaction) =>
            {
                using var command = Command(connection, transaction, """
                    SELECT id, source_id, started_at, finished_at, added, updated, unchanged, deleted, failed_json, bytes, chunks
                    FROM ingestion_runs WHERE id = $id;
                    """);
                command.Parameters.AddWithValue("$id", runId);
                using var reader = command.ExecuteReader();
                return reader.Read() ? ReadRun(reader) : null;
            },
            cancellationToken);

    private static IngestionRun ReadRun(SqliteDataReader reader)
    {
        DateTimeOffset? finishedAt = null;
        IngestionRunReport? report = null;
        if (!reader.IsDBNull(3))
        {
            finishedAt = TimestampText.Parse(reader.GetString(3));
            var failed = reader.IsDBNull(8)
                ? []
                : JsonSerializer.Deserialize(reader.GetString(8), CatalogJsonContext.Stored.IReadOnlyListIngestionFailure) ?? [];
            report = new IngestionRunReport(
                reader.GetInt32(4), reader.GetInt32(5), reader.GetInt32(6), reader.GetInt32(7), failed, reader.GetInt64(9), reader.GetInt32(10));
        }

        return new IngestionRun(reader.GetInt64(0), reader.GetString(1), TimestampText.Parse(reader.GetString(2)), finishedAt, report);
    }
}
