namespace Hunyu.Ingestion.Connectors;

/// <summary>A place documents come from — a folder, a database table, a web site — read as items.</summary>
public interface ISourceConnector
{
    /// <summary>The connector kind recorded with the source, e.g. <c>files</c>, <c>sql</c>, <c>web</c>.</summary>
    string Kind { get; }

    /// <summary>The source's stable address, free of secrets (it is stored, logged and shown).</summary>
    string Location { get; }

    /// <summary>The source's items, each readable into documents; a failing item carries its problem instead.</summary>
    IAsyncEnumerable<SourceItem> ReadAsync(CancellationToken cancellationToken = default);
}
