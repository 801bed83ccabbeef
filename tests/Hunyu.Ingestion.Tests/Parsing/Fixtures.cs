using System.Text;

namespace Hunyu.Ingestion.Tests.Parsing;

/// <summary>Paths of the shared fixtures in tests/TestData/Parsing and the legacy Chinese encodings.</summary>
internal static class Fixtures
{
    static Fixtures()
    {
        Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);
    }

    public static Encoding Gbk => Encoding.GetEncoding("GBK");

    public static Encoding Gb18030 => Encoding.GetEncoding("GB18030");

    public static Encoding Big5 => Encoding.GetEncoding("big5");

    public static string PathOf(string name) => Path.Combine(AppContext.BaseDirectory, "TestData", "Parsing", name);

    public static FileStream Open(string name) => File.OpenRead(PathOf(name));

    public static MemoryStream Utf8(string text) => new(Encoding.UTF8.GetBytes(text));
}

/// <summary>A fresh folder under the temp directory, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        FullPath = Path.Combine(Path.GetTempPath(), "hunyu-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(FullPath);
    }

    public string FullPath { get; }

    public string Write(string relativePath, byte[] content)
    {
        var path = Path.Combine(FullPath, relativePath);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllBytes(path, content);
        return path;
    }

    public string Write(string relativePath, string content) => Write(relativePath, Encoding.UTF8.GetBytes(content));

    public void Dispose()
    {
        try
        {
            foreach (var directory in Directory.EnumerateDirectories(FullPath, "*", SearchOption.AllDirectories))
            {
                if (!OperatingSystem.IsWindows())
                {
                    File.SetUnixFileMode(directory, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                }
            }

            Directory.Delete(FullPath, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder must not fail a test.
        }
        catch (UnauthorizedAccessException)
        {
        }
    }
}
