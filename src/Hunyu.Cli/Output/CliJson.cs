using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Hunyu.Cli.Output;

/// <summary>The JSON shape of every <c>--json</c> output: snake_case names, readable Chinese, no nulls.</summary>
public static class CliJson
{
    /// <summary>Serializer options shared by every command.</summary>
    public static JsonSerializerOptions Options { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DictionaryKeyPolicy = null,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        Converters = { new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
        WriteIndented = true,
    };

    /// <summary>Writes <paramref name="value"/> as one JSON document followed by a newline.</summary>
    public static void Write(TextWriter output, object value)
    {
        ArgumentNullException.ThrowIfNull(output);
        output.WriteLine(JsonSerializer.Serialize(value, Options));
    }

    /// <summary>
    /// Writes <paramref name="value"/> as one JSON object, streamed to <paramref name="output"/> as it is serialised
    /// (collections element by element, so a huge report is never one string), with <paramref name="extra"/>
    /// properties appended at the end of the object, followed by a newline.
    /// </summary>
    public static async Task WriteStreamingAsync(TextWriter output, object value, IReadOnlyList<KeyValuePair<string, object?>> extra, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(extra);
        var stream = new ObjectTailStream(output);
        await JsonSerializer.SerializeAsync(stream, value, value.GetType(), Options, cancellationToken);
        var tail = stream.Finish();
        foreach (var (name, property) in extra)
        {
            // The same indentation as the serialiser's top-level properties.
            output.Write($",{Environment.NewLine}  {JsonSerializer.Serialize(name, Options)}: {JsonSerializer.Serialize(property, Options)}");
        }

        output.Write(tail);
        output.WriteLine();
    }

    /// <summary>Passes UTF-8 bytes on to a text writer as text, holding back the closing brace of the object (and the white space before it) until <see cref="Finish"/>.</summary>
    private sealed class ObjectTailStream(TextWriter output) : Stream
    {
        private const int HeldBack = 16;
        private readonly Decoder _decoder = new UTF8Encoding(false).GetDecoder();
        private readonly List<byte> _pending = [];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            _pending.AddRange(buffer);
            if (_pending.Count > HeldBack)
            {
                Pass(_pending.Count - HeldBack);
            }
        }

        public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            Write(buffer, offset, count);
            return Task.CompletedTask;
        }

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            Write(buffer.Span);
            return ValueTask.CompletedTask;
        }

        /// <summary>Writes everything before the object's closing brace and returns the brace with the white space before it.</summary>
        public string Finish()
        {
            var end = _pending.Count;
            end = SkipWhiteSpace(end);
            if (end > 0 && _pending[end - 1] == (byte)'}')
            {
                end = SkipWhiteSpace(end - 1);
            }

            Pass(end);
            return Encoding.UTF8.GetString([.. _pending]);
        }

        public override void Flush() => output.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        private int SkipWhiteSpace(int end)
        {
            while (end > 0 && _pending[end - 1] is (byte)' ' or (byte)'\n' or (byte)'\r')
            {
                end--;
            }

            return end;
        }

        private void Pass(int count)
        {
            var bytes = _pending.GetRange(0, count).ToArray();
            _pending.RemoveRange(0, count);
            var chars = new char[_decoder.GetCharCount(bytes, flush: false)];
            _decoder.GetChars(bytes, chars, flush: false);
            output.Write(chars);
        }
    }
}
