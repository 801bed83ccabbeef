using Microsoft.Data.Sqlite;

namespace Hunyu.Ingestion.Tests.Connectors.Sql;

/// <summary>A SQLite database file in a temp folder of its own, written by the test; deleted on dispose.</summary>
internal sealed class SqliteFile : IDisposable
{
    private readonly string _folder;

    public SqliteFile()
    {
        _folder = Directory.CreateTempSubdirectory("hunyu-sqlite-").FullName;
        Path = System.IO.Path.Combine(_folder, "app.db");
    }

    public string Path { get; }

    public string ConnectionString => $"Data Source={Path}";

    public void Execute(string sql, params (string Name, object? Value)[] parameters)
    {
        using var connection = new SqliteConnection($"Data Source={Path};Pooling=False");
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value ?? DBNull.Value);
        }

        command.ExecuteNonQuery();
    }

    public void Dispose()
    {
        SqliteConnection.ClearAllPools();
        Directory.Delete(_folder, recursive: true);
    }
}
