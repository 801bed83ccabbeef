namespace Hunyu.Hosting.Export;

/// <summary>Where one export format writes the documents it is given, one at a time.</summary>
internal interface IExportSink : IDisposable
{
    /// <summary>Bytes written so far.</summary>
    long Bytes { get; }

    /// <summary>Writes what <paramref name="document"/> gives in this format.</summary>
    Task WriteAsync(ExportedDocument document, CancellationToken cancellationToken);

    /// <summary>Writes what is left, moves the files into place and adds this format's figures to <paramref name="result"/>.</summary>
    ExportResult Commit(ExportResult result);
}
