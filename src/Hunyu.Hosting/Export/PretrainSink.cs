namespace Hunyu.Hosting.Export;

/// <summary>Pretraining JSON Lines: <c>{"id","domain","title","text","source","uri","metadata"}</c> per document with text.</summary>
internal sealed class PretrainSink(OutputFile file) : IExportSink
{
    private int _records;

    public long Bytes => file.Bytes;

    public Task WriteAsync(ExportedDocument document, CancellationToken cancellationToken)
    {
        if (document.Text.Length == 0)
        {
            return Task.CompletedTask;
        }

        file.WriteJsonLine(json =>
        {
            json.WriteString("id", document.Document.Id);
            json.WriteString("domain", document.Document.Domain);
            json.WriteString("title", document.Title);
            json.WriteString("text", document.Text);
            json.WriteString("source", document.Document.SourceId);
            json.WriteString("uri", document.Document.Uri);
            json.WriteStartObject("metadata");
            foreach (var (key, value) in document.Metadata)
            {
                json.WriteString(key, value);
            }

            json.WriteEndObject();
        });
        _records++;
        return Task.CompletedTask;
    }

    public ExportResult Commit(ExportResult result)
    {
        file.Commit();
        return result with { Records = _records, Bytes = file.Bytes };
    }

    public void Dispose() => file.Dispose();
}
