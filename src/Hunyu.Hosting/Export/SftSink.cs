namespace Hunyu.Hosting.Export;

/// <summary>
/// Instruction JSON Lines: <c>{"instruction","output","source_id","document_id","citation"}</c> per question/answer pair,
/// mined by <see cref="FaqMiner"/> and, when a generator is configured, generated.
/// </summary>
internal sealed class SftSink(OutputFile file, IQuestionGenerator? generator, PiiGuard guard) : IExportSink
{
    private int _records;
    private int _generated;

    public long Bytes => file.Bytes;

    public async Task WriteAsync(ExportedDocument document, CancellationToken cancellationToken)
    {
        foreach (var pair in FaqMiner.Mine(document))
        {
            Write(document, pair);
        }

        if (generator is null || document.Text.Length == 0)
        {
            return;
        }

        foreach (var pair in await generator.GenerateAsync(document, cancellationToken))
        {
            // SECURITY: a model may repeat or invent identifiers; what it writes passes the guard like everything else.
            Write(document, pair with { Question = guard.Apply(pair.Question), Answer = guard.Apply(pair.Answer) });
            _generated++;
        }
    }

    public ExportResult Commit(ExportResult result)
    {
        file.Commit();
        return result with { Records = _records, Bytes = file.Bytes, Generated = _generated, Generator = generator?.Name };
    }

    public void Dispose() => file.Dispose();

    private void Write(ExportedDocument document, QaPair pair)
    {
        file.WriteJsonLine(json =>
        {
            json.WriteString("instruction", pair.Question);
            json.WriteString("output", pair.Answer);
            json.WriteString("source_id", document.Document.SourceId);
            json.WriteString("document_id", document.Document.Id);
            json.WriteString("citation", pair.Citation);
        });
        _records++;
    }
}
