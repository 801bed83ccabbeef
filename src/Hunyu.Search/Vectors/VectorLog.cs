using System.Buffers.Binary;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Text;

namespace Hunyu.Search.Vectors;

/// <summary>
/// The on-disk format of a vector store: an append-only log. A header (magic, version, dimensions, a generation id
/// that changes when the file is rewritten, the embedding model, a checksum), then one batch per commit: a frame
/// (magic, payload length, XxHash3 of the payload) and the payload, a sequence of replace and delete operations with
/// float32 little-endian vectors.
/// </summary>
/// <remarks>
/// A batch is written with a zero length, flushed to disk, and only then given its length and checksum and flushed
/// again, so a crash mid-commit leaves a batch that fails its check and is ignored: the last complete commit is
/// what opens. A damaged batch that is not the last one is reported, never skipped.
/// </remarks>
internal static class VectorLog
{
    public const byte ReplaceOp = 1;
    public const byte DeleteOp = 2;
    public const int FrameBytes = 4 + 8 + 8;
    private const int FormatVersion = 1;
    private const uint BatchMagic = 0x48544342; // "BCTH" little-endian
    private static readonly byte[] FileMagic = "HUNYUVEC"u8.ToArray();

    /// <summary>The header of a log file.</summary>
    public sealed record Header(int Dimensions, Guid Generation, string Model, long Length);

    /// <summary>One operation of a batch: <paramref name="Vectors"/> holds the chunks' vectors back to back.</summary>
    public sealed record Operation(byte Kind, string DocumentId, string[] ChunkIds, float[] Vectors, long Offset, int Length);

    /// <summary>How reading stopped.</summary>
    public enum Tail
    {
        /// <summary>At the end of the last complete batch.</summary>
        Clean,

        /// <summary>At an incomplete last batch: a commit in progress, or one a crash interrupted.</summary>
        Torn,
    }

    /// <summary>Writes a new file holding only a header.</summary>
    public static byte[] EncodeHeader(int dimensions, Guid generation, string model)
    {
        var modelBytes = Encoding.UTF8.GetBytes(model);
        var buffer = new byte[FileMagic.Length + 2 + 2 + 4 + 16 + 2 + modelBytes.Length + 8];
        var span = buffer.AsSpan();
        FileMagic.CopyTo(span);
        var at = FileMagic.Length;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], FormatVersion);
        at += 4;
        BinaryPrimitives.WriteInt32LittleEndian(span[at..], dimensions);
        at += 4;
        generation.TryWriteBytes(span.Slice(at, 16));
        at += 16;
        BinaryPrimitives.WriteUInt16LittleEndian(span[at..], checked((ushort)modelBytes.Length));
        at += 2;
        modelBytes.CopyTo(span[at..]);
        at += modelBytes.Length;
        BinaryPrimitives.WriteUInt64LittleEndian(span[at..], XxHash3.HashToUInt64(span[..at]));
        return buffer;
    }

    /// <summary>Reads the header.</summary>
    /// <exception cref="InvalidDataException">The file is not a vector log or its header is damaged.</exception>
    public static Header ReadHeader(Stream stream)
    {
        Span<byte> fixedPart = stackalloc byte[FileMagic.Length + 2 + 2 + 4 + 16 + 2];
        stream.Position = 0;
        if (stream.ReadAtLeast(fixedPart, fixedPart.Length, throwOnEndOfStream: false) < fixedPart.Length || !fixedPart[..FileMagic.Length].SequenceEqual(FileMagic))
        {
            throw new InvalidDataException("not a Hunyu vector file (bad magic)");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[FileMagic.Length..]);
        if (version != FormatVersion)
        {
            throw new InvalidDataException($"format version {version}; this Hunyu reads version {FormatVersion}");
        }

        var dimensions = BinaryPrimitives.ReadInt32LittleEndian(fixedPart[(FileMagic.Length + 4)..]);
        var generation = new Guid(fixedPart.Slice(FileMagic.Length + 8, 16));
        var modelLength = BinaryPrimitives.ReadUInt16LittleEndian(fixedPart[(FileMagic.Length + 24)..]);
        var rest = new byte[modelLength + 8];
        if (stream.ReadAtLeast(rest, rest.Length, throwOnEndOfStream: false) < rest.Length)
        {
            throw new InvalidDataException("header is truncated");
        }

        var hash = new XxHash3();
        hash.Append(fixedPart);
        hash.Append(rest.AsSpan(0, modelLength));
        if (hash.GetCurrentHashAsUInt64() != BinaryPrimitives.ReadUInt64LittleEndian(rest.AsSpan(modelLength)) || dimensions <= 0)
        {
            throw new InvalidDataException("header checksum does not match");
        }

        return new Header(dimensions, generation, Encoding.UTF8.GetString(rest, 0, modelLength), stream.Position);
    }

    /// <summary>Reads the complete batches from <paramref name="offset"/> on and hands each batch's operations to <paramref name="apply"/>.</summary>
    /// <returns>The offset after the last complete batch and how reading ended.</returns>
    /// <exception cref="InvalidDataException">A batch other than the last is damaged (its offset and reason are in the message).</exception>
    public static (long End, Tail Tail) ReadBatches(Stream stream, long offset, int dimensions, Action<List<Operation>> apply)
    {
        var length = stream.Length;
        Span<byte> frame = stackalloc byte[FrameBytes];
        var buffer = new byte[1 << 20];
        while (offset < length)
        {
            if (length - offset < FrameBytes)
            {
                return (offset, Tail.Torn);
            }

            stream.Position = offset;
            stream.ReadExactly(frame);
            var magic = BinaryPrimitives.ReadUInt32LittleEndian(frame);
            var payloadLength = BinaryPrimitives.ReadInt64LittleEndian(frame[4..]);
            var expected = BinaryPrimitives.ReadUInt64LittleEndian(frame[12..]);
            if (magic != BatchMagic)
            {
                // Space a crash allocated but never wrote reads as zeros; anything else is damage.
                return IsZeros(stream, offset, buffer) ? (offset, Tail.Torn) : throw new InvalidDataException($"byte {offset:N0}: not the start of a batch");
            }

            var end = offset + FrameBytes + payloadLength;
            if (payloadLength <= 0 || end > length)
            {
                return (offset, Tail.Torn);
            }

            if (Hash(stream, offset + FrameBytes, payloadLength, buffer) != expected)
            {
                return end == length ? (offset, Tail.Torn) : throw new InvalidDataException($"byte {offset:N0}: batch checksum does not match");
            }

            stream.Position = offset + FrameBytes;
            apply(ParsePayload(stream, offset + FrameBytes, end, dimensions));
            offset = end;
        }

        return (offset, Tail.Clean);
    }

    /// <summary>Appends one batch of <paramref name="operations"/> at the end of <paramref name="stream"/>, flushed to disk; returns each operation's offset and length.</summary>
    public static List<(long Offset, int Length)> AppendBatch(FileStream stream, IReadOnlyList<PendingOperation> operations)
    {
        var start = stream.Length;
        stream.Position = start;
        Span<byte> frame = stackalloc byte[FrameBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, BatchMagic);
        // Length 0 until the payload is on disk: a crash before the second write leaves a batch readers ignore.
        stream.Write(frame);
        var hash = new XxHash3();
        var placed = new List<(long, int)>(operations.Count);
        using var buffer = new MemoryStream();
        using var writer = new BinaryWriter(buffer, Encoding.UTF8, leaveOpen: true);
        foreach (var operation in operations)
        {
            buffer.SetLength(0);
            WriteOperation(writer, operation);
            writer.Flush();
            var bytes = buffer.GetBuffer().AsSpan(0, (int)buffer.Length);
            placed.Add((stream.Position, bytes.Length));
            hash.Append(bytes);
            stream.Write(bytes);
        }

        Seal(stream, start, hash);
        return placed;
    }

    /// <summary>Writes a whole new file at <paramref name="path"/>: the header and one batch copying each live operation's bytes from <paramref name="source"/>.</summary>
    /// <returns>Each copied document's new offset.</returns>
    public static Dictionary<string, long> WriteCompacted(string path, byte[] header, Stream source, IEnumerable<KeyValuePair<string, (long Offset, int Length)>> live)
    {
        var moved = new Dictionary<string, long>(StringComparer.Ordinal);
        using var target = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 1 << 20);
        target.Write(header);
        var start = target.Position;
        Span<byte> frame = stackalloc byte[FrameBytes];
        BinaryPrimitives.WriteUInt32LittleEndian(frame, BatchMagic);
        target.Write(frame);
        var hash = new XxHash3();
        var buffer = new byte[1 << 20];
        var any = false;
        foreach (var (documentId, (offset, length)) in live)
        {
            moved[documentId] = target.Position;
            source.Position = offset;
            for (var left = length; left > 0;)
            {
                var read = source.Read(buffer, 0, Math.Min(buffer.Length, left));
                if (read == 0)
                {
                    throw new InvalidDataException($"byte {offset:N0}: the file ended inside an operation");
                }

                hash.Append(buffer.AsSpan(0, read));
                target.Write(buffer, 0, read);
                left -= read;
            }

            any = true;
        }

        if (any)
        {
            Seal(target, start, hash);
        }
        else
        {
            target.SetLength(start);
            target.Flush(flushToDisk: true);
        }

        return moved;
    }

    private static void Seal(FileStream stream, long start, XxHash3 hash)
    {
        var end = stream.Position;
        stream.Flush(flushToDisk: true);
        Span<byte> patch = stackalloc byte[16];
        BinaryPrimitives.WriteInt64LittleEndian(patch, end - start - FrameBytes);
        BinaryPrimitives.WriteUInt64LittleEndian(patch[8..], hash.GetCurrentHashAsUInt64());
        stream.Position = start + 4;
        stream.Write(patch);
        stream.Flush(flushToDisk: true);
        stream.Position = end;
    }

    private static void WriteOperation(BinaryWriter writer, PendingOperation operation)
    {
        writer.Write(operation.Kind);
        writer.Write(operation.DocumentId);
        if (operation.Kind != ReplaceOp)
        {
            return;
        }

        writer.Write(operation.ChunkIds.Length);
        var dims = operation.ChunkIds.Length == 0 ? 0 : operation.Vectors.Length / operation.ChunkIds.Length;
        for (var i = 0; i < operation.ChunkIds.Length; i++)
        {
            writer.Write(operation.ChunkIds[i]);
            var vector = operation.Vectors.AsSpan(i * dims, dims);
            if (BitConverter.IsLittleEndian)
            {
                writer.Write(MemoryMarshal.AsBytes(vector));
            }
            else
            {
                foreach (var component in vector)
                {
                    writer.Write(component);
                }
            }
        }
    }

    private static List<Operation> ParsePayload(Stream stream, long start, long end, int dimensions)
    {
        var operations = new List<Operation>();
        // The caller's FileStream buffers; BinaryReader's small reads stay in memory.
        using var reader = new BinaryReader(stream, Encoding.UTF8, leaveOpen: true);
        var position = start;
        try
        {
            while (position < end)
            {
                var kind = reader.ReadByte();
                var documentId = reader.ReadString();
                string[] chunkIds = [];
                float[] vectors = [];
                if (kind == ReplaceOp)
                {
                    var count = reader.ReadInt32();
                    if (count < 0 || (long)count * dimensions * sizeof(float) > end - position)
                    {
                        throw new InvalidDataException($"byte {position:N0}: operation claims {count} vectors");
                    }

                    chunkIds = new string[count];
                    vectors = new float[count * dimensions];
                    for (var i = 0; i < count; i++)
                    {
                        chunkIds[i] = reader.ReadString();
                        var target = MemoryMarshal.AsBytes(vectors.AsSpan(i * dimensions, dimensions));
                        stream.ReadExactly(target);
                        if (!BitConverter.IsLittleEndian)
                        {
                            var words = MemoryMarshal.Cast<byte, int>(target);
                            BinaryPrimitives.ReverseEndianness(words, words);
                        }
                    }
                }
                else if (kind != DeleteOp)
                {
                    throw new InvalidDataException($"byte {position:N0}: unknown operation {kind}");
                }

                var consumed = stream.Position;
                operations.Add(new Operation(kind, documentId, chunkIds, vectors, position, checked((int)(consumed - position))));
                position = consumed;
            }
        }
        catch (EndOfStreamException e)
        {
            throw new InvalidDataException($"byte {position:N0}: operation runs past its batch", e);
        }

        return position == end ? operations : throw new InvalidDataException($"byte {position:N0}: operation runs past its batch");
    }

    private static ulong Hash(Stream stream, long offset, long length, byte[] buffer)
    {
        var hash = new XxHash3();
        stream.Position = offset;
        for (var left = length; left > 0;)
        {
            var read = stream.Read(buffer, 0, (int)Math.Min(buffer.Length, left));
            if (read == 0)
            {
                break;
            }

            hash.Append(buffer.AsSpan(0, read));
            left -= read;
        }

        return hash.GetCurrentHashAsUInt64();
    }

    private static bool IsZeros(Stream stream, long offset, byte[] buffer)
    {
        stream.Position = offset;
        int read;
        while ((read = stream.Read(buffer, 0, buffer.Length)) > 0)
        {
            if (buffer.AsSpan(0, read).ContainsAnyExcept((byte)0))
            {
                return false;
            }
        }

        return true;
    }
}
