using Microsoft.Data.Sqlite;

namespace Hunyu.Server.Tests;

/// <summary>Temporary folders for tests, removed afterwards as far as the OS allows.</summary>
internal static class TestDirectories
{
    public static string Create()
    {
        var path = Path.Combine(Path.GetTempPath(), "hunyu-server-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(path);
        return path;
    }

    public static void Delete(string path)
    {
        SqliteConnection.ClearAllPools();
        for (var attempt = 0; attempt < 5; attempt++)
        {
            try
            {
                if (Directory.Exists(path))
                {
                    Directory.Delete(path, recursive: true);
                }

                return;
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                // The entry point may still be closing the knowledge base on its own thread.
                Thread.Sleep(100);
            }
        }
    }
}
