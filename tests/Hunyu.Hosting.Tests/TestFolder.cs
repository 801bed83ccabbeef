using System.Text;

namespace Hunyu.Hosting.Tests;

/// <summary>A temporary folder of one test: a source folder to ingest and a data folder; removed on dispose.</summary>
internal sealed class TestFolder : IDisposable
{
    public TestFolder()
    {
        Root = Path.Combine(Path.GetTempPath(), "hunyu-hosting-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Source);
        Directory.CreateDirectory(Data);
    }

    public string Root { get; }

    /// <summary>The folder the test ingests.</summary>
    public string Source => Path.Combine(Root, "source");

    /// <summary>The knowledge base's data directory.</summary>
    public string Data => Path.Combine(Root, "data");

    /// <summary>Writes UTF-8 text (no BOM) to <paramref name="relativePath"/> under <see cref="Source"/> and returns the full path.</summary>
    public string Write(string relativePath, string text) => WriteBytes(relativePath, new UTF8Encoding(false).GetBytes(text));

    public string WriteBytes(string relativePath, byte[] bytes)
    {
        var path = Path.Combine(Source, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, bytes);
        return path;
    }

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(Root))
                {
                    Directory.Delete(Root, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // A child process may still be releasing its files.
                Thread.Sleep(200);
            }
        }
    }
}
