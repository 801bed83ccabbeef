using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Hunyu.Core.Errors;

namespace Hunyu.Hosting.Export;

/// <summary>
/// One file an export writes. It is written under a temporary name beside the target and renamed over it only by
/// <see cref="Commit"/>, so a failed or cancelled export leaves no half-written file behind (nor clobbers the old one).
/// </summary>
/// <remarks>Not thread-safe; dispose it (a file not committed is deleted).</remarks>
public sealed class OutputFile : IDisposable
{
    private const string PartialSuffix = ".partial";
    private const int BufferBytes = 1 << 16;

    private static readonly JsonWriterOptions JsonOptions = new()
    {
        // Chinese stays readable in the JSON Lines; JSON escaping keeps every line one line.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    private readonly FileStream _stream;
    private readonly Utf8JsonWriter _json;
    private readonly string _partial;
    private long _committedBytes = -1;

    private OutputFile(string path, string partial, FileStream stream)
    {
        Path = path;
        _partial = partial;
        _stream = stream;
        _json = new Utf8JsonWriter(stream, JsonOptions);
    }

    /// <summary>The file written on <see cref="Commit"/>.</summary>
    public string Path { get; }

    /// <summary>Bytes written so far.</summary>
    public long Bytes => _committedBytes >= 0 ? _committedBytes : _stream.Position;

    /// <summary>Starts writing <paramref name="path"/> (its folder is created).</summary>
    /// <exception cref="HunyuException">The file exists and <paramref name="force"/> is false, or it cannot be written (<c>invalid_argument</c>).</exception>
    public static OutputFile Create(string path, bool force)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        if (!force && (File.Exists(path) || Directory.Exists(path)))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{path}: already exists; give --force to replace it");
        }

        if (Directory.Exists(path))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{path}: is a folder; give a file name");
        }

        var partial = path + PartialSuffix;
        try
        {
            var folder = System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path));
            if (folder is not null)
            {
                Directory.CreateDirectory(folder);
            }

            return new OutputFile(path, partial, new FileStream(partial, FileMode.Create, FileAccess.Write, FileShare.None, BufferBytes));
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or NotSupportedException or ArgumentException)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{path}: cannot be written ({e.Message})", e);
        }
    }

    /// <summary>Writes one JSON object (filled by <paramref name="write"/>) as one line.</summary>
    public void WriteJsonLine(Action<Utf8JsonWriter> write)
    {
        ArgumentNullException.ThrowIfNull(write);
        _json.WriteStartObject();
        write(_json);
        _json.WriteEndObject();
        _json.Flush();
        _json.Reset();
        _stream.WriteByte((byte)'\n');
    }

    /// <summary>Writes <paramref name="text"/> as UTF-8.</summary>
    public void WriteText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        _stream.Write(Encoding.UTF8.GetBytes(text));
    }

    /// <summary>Flushes the file to disk and moves it to <see cref="Path"/>, replacing what was there.</summary>
    /// <exception cref="HunyuException">The file cannot be moved into place (<c>invalid_argument</c>).</exception>
    public void Commit()
    {
        _json.Dispose();
        _stream.Flush(flushToDisk: true);
        var bytes = _stream.Position;
        _stream.Dispose();
        try
        {
            File.Move(_partial, Path, overwrite: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{Path}: cannot be written ({e.Message})", e);
        }

        _committedBytes = bytes;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        _json.Dispose();
        _stream.Dispose();
        if (_committedBytes < 0)
        {
            File.Delete(_partial);
        }
    }
}
