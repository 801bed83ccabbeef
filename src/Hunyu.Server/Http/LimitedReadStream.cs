using Hunyu.Core.Errors;

namespace Hunyu.Server.Http;

/// <summary>A read-only request body that fails with <c>too_large</c> once more than the limit has been read.</summary>
/// <remarks>Used instead of the server's own limit so the caller always gets a problem response naming the limit.</remarks>
internal sealed class LimitedReadStream(Stream inner, BodySizeLimit limit) : Stream
{
    private long _read;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => _read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

    public override int Read(Span<byte> buffer) => Count(inner.Read(buffer));

    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        Count(await inner.ReadAsync(buffer.AsMemory(offset, count), cancellationToken));

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
        Count(await inner.ReadAsync(buffer, cancellationToken));

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    /// <summary>The error for a body over <paramref name="limit"/>.</summary>
    public static HunyuException TooLarge(BodySizeLimit limit, long? length = null) => new(
        ErrorCode.TooLarge,
        length is { } bytes
            ? $"request body is {ByteSize.Format(bytes)}; limit is {ByteSize.Format(limit.Bytes)} ({limit.Setting})"
            : $"request body is larger than the limit of {ByteSize.Format(limit.Bytes)} ({limit.Setting})");

    private int Count(int read)
    {
        _read += read;
        if (_read > limit.Bytes)
        {
            throw TooLarge(limit);
        }

        return read;
    }
}
