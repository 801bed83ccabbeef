using System.IO.Compression;
using Hunyu.Core.Errors;

namespace Hunyu.Ingestion.Parsing;

/// <summary>What the Office parsers share: a seekable copy of the package, the zip-bomb check and the mapping of library failures.</summary>
internal static class OfficePackage
{
    // Password-protected Office files and the old .doc/.xls/.ppt formats are OLE compound files, not zips.
    private static readonly byte[] OleSignature = [0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1];

    /// <summary>
    /// Copies the package into memory and checks its zip directory before the Open XML SDK sees it: a broken zip is
    /// <c>corrupt_input</c>, and a part whose uncompressed size exceeds <paramref name="maxPartBytes"/> is <c>too_large</c>.
    /// </summary>
    /// <remarks>
    /// SECURITY: the declared sizes are enough: .NET's zip reader stops inflating an entry at its declared uncompressed
    /// length, so an entry cannot expand beyond what this check has accepted.
    /// </remarks>
    public static MemoryStream Load(Stream content, string fileName, string format, long maxPartBytes)
    {
        var buffer = new MemoryStream();
        try
        {
            content.CopyTo(buffer);
            if (buffer.Length == 0)
            {
                throw ParserErrors.Empty(fileName);
            }

            if (buffer.Length >= OleSignature.Length && buffer.GetBuffer().AsSpan(0, OleSignature.Length).SequenceEqual(OleSignature))
            {
                throw ParserErrors.Corrupt(fileName, $"not a valid {format} file: it is password-protected or in the old binary format (an OLE compound file, not a zip)");
            }

            buffer.Position = 0;
            using (var zip = new ZipArchive(buffer, ZipArchiveMode.Read, leaveOpen: true))
            {
                foreach (var entry in zip.Entries)
                {
                    if (entry.Length > maxPartBytes)
                    {
                        throw ParserErrors.TooLarge(
                            fileName,
                            $"part {entry.FullName} is {ByteSize.Format(entry.Length)} uncompressed; limit is {ByteSize.Format(maxPartBytes)} (IngestionLimits.MaxOfficeUncompressedBytes)");
                    }
                }
            }

            buffer.Position = 0;
            return buffer;
        }
        catch (InvalidDataException ex)
        {
            buffer.Dispose();
            throw ParserErrors.Corrupt(fileName, $"not a valid {format} file (broken zip: {ParserErrors.OneLine(ex.Message)})", ex);
        }
        catch
        {
            buffer.Dispose();
            throw;
        }
    }

    /// <summary>True for exceptions that mean "this package cannot be read" rather than a bug or cancellation.</summary>
    /// <remarks>SECURITY: hostile packages make the Open XML SDK, System.IO.Packaging and the XML reader throw many types; all of them are the file's fault.</remarks>
    public static bool IsUnreadable(Exception exception) =>
        exception is not (HunyuException or OperationCanceledException or OutOfMemoryException or StackOverflowException);

    /// <summary>The <c>corrupt_input</c> error for an unreadable package.</summary>
    public static HunyuException Unreadable(string fileName, string format, Exception exception) =>
        ParserErrors.Corrupt(fileName, $"not a readable {format} file: {ParserErrors.OneLine(exception.Message)}", exception);
}
