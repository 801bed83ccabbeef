using System.Runtime.CompilerServices;
using Hunyu.Ingestion.Parsing;

namespace Hunyu.Ingestion.Connectors;

/// <summary>Files of a folder (or one file) as source items, each parsed by the parser for its format.</summary>
/// <remarks>The folder is listed when the connector is created, so a missing path fails before anything is written.</remarks>
public sealed class FileSourceConnector : ISourceConnector, IKnownSize
{
    private readonly IReadOnlyList<SourceFile> _files;
    private readonly ParserRegistry _parsers;

    /// <summary>Lists <paramref name="path"/> with <paramref name="options"/>.</summary>
    /// <param name="path">A file or folder.</param>
    /// <param name="options">Globs and size limits.</param>
    /// <param name="parsers">Parsers by format.</param>
    /// <param name="location">The source's location when it differs from the path (an upload folder receiving one file).</param>
    /// <param name="kind">The source kind recorded (<c>files</c>, or <c>upload</c>).</param>
    /// <exception cref="Core.Errors.HunyuException">The path does not exist (<c>path_not_found</c>).</exception>
    public FileSourceConnector(string path, FileSystemConnectorOptions options, ParserRegistry parsers, string? location = null, string kind = "files")
    {
        _files = new FileSystemConnector(options).Enumerate(path).ToList();
        _parsers = parsers;
        Location = Path.GetFullPath(location ?? path);
        Kind = kind;
    }

    /// <inheritdoc />
    public string Kind { get; }

    /// <inheritdoc />
    public string Location { get; }

    /// <inheritdoc />
    public int Items => _files.Count(f => f.Problem is null);

    /// <inheritdoc />
    public long Bytes => _files.Where(f => f.Problem is null).Sum(f => f.Length);

    /// <inheritdoc />
    public async IAsyncEnumerable<SourceItem> ReadAsync([EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await Task.CompletedTask;
        foreach (var file in _files)
        {
            cancellationToken.ThrowIfCancellationRequested();
            yield return new SourceItem(file.Key, new Uri(file.FullPath).AbsoluteUri, file.Length)
            {
                Problem = file.Problem,
                ReadDocuments = problems => Parse(file, problems),
            };
        }
    }

    private IEnumerable<ParsedDocument> Parse(SourceFile file, ICollection<ParseProblem> problems)
    {
        var parser = _parsers.GetParser(file.FullPath);
        using var stream = File.OpenRead(file.FullPath);
        var documents = parser is IRecordParser records ? records.Parse(stream, file.Key, problems) : parser.Parse(stream, file.Key);
        foreach (var document in documents)
        {
            // A record's own ACL (a row's column) is the nearest; else the folder's sidecar; else the ingest's.
            yield return document.Acl is null && file.Acl is not null ? document with { Acl = file.Acl } : document;
        }
    }
}
