using System.Text;
using Hunyu.Core.Errors;
using Hunyu.Core.Search;

namespace Hunyu.Hosting.Export;

/// <summary>
/// A BEIR evaluation set: <c>corpus.jsonl</c> (<c>_id</c>, <c>title</c>, <c>text</c>) written as documents arrive, then
/// <c>queries.jsonl</c> and <c>qrels.tsv</c> from a <see cref="QuerySampler"/> of mined FAQ questions, headings and titles,
/// each judged relevant to the document it came from.
/// </summary>
internal sealed class BeirSink : IExportSink
{
    /// <summary>Shorter queries (after collapsing whitespace) are not offered: "概述" says too little to judge.</summary>
    public const int MinQueryLength = 4;

    private readonly OutputFile _corpus;
    private readonly OutputFile _queries;
    private readonly OutputFile _qrels;
    private readonly QuerySampler _sampler;
    private int _records;

    private BeirSink(OutputFile corpus, OutputFile queries, OutputFile qrels, QuerySampler sampler)
    {
        _corpus = corpus;
        _queries = queries;
        _qrels = qrels;
        _sampler = sampler;
    }

    public long Bytes => _corpus.Bytes + _queries.Bytes + _qrels.Bytes;

    /// <summary>Starts the three files in <paramref name="folder"/> (created if needed).</summary>
    /// <exception cref="HunyuException">A file exists and <paramref name="force"/> is false, or the folder cannot be written (<c>invalid_argument</c>).</exception>
    public static BeirSink Create(string folder, bool force, QuerySampler sampler)
    {
        if (File.Exists(folder))
        {
            throw new HunyuException(ErrorCode.InvalidArgument, $"{folder}: is a file; a BEIR export writes a folder");
        }

        var files = new List<OutputFile>(3);
        try
        {
            foreach (var name in new[] { "corpus.jsonl", "queries.jsonl", "qrels.tsv" })
            {
                files.Add(OutputFile.Create(Path.Combine(folder, name), force));
            }

            return new BeirSink(files[0], files[1], files[2], sampler);
        }
        catch
        {
            files.ForEach(file => file.Dispose());
            throw;
        }
    }

    public Task WriteAsync(ExportedDocument document, CancellationToken cancellationToken)
    {
        if (document.Text.Length == 0)
        {
            // Nothing to retrieve: no corpus entry, so no query may point at it.
            return Task.CompletedTask;
        }

        var id = document.Document.Id;
        _corpus.WriteJsonLine(json =>
        {
            json.WriteString("_id", id);
            json.WriteString("title", document.Title);
            json.WriteString("text", document.Text);
        });
        _records++;
        var offered = new HashSet<string>(StringComparer.Ordinal);
        foreach (var pair in FaqMiner.Mine(document))
        {
            Offer(pair.Question, QueryKind.Faq, id, offered);
        }

        foreach (var section in document.Sections())
        {
            Offer(FaqMiner.LastHeading(section.SectionPath), QueryKind.Heading, id, offered);
        }

        if (!IsFileName(document.Title, document.Document.Key))
        {
            Offer(document.Title, QueryKind.Title, id, offered);
        }

        return Task.CompletedTask;
    }

    public ExportResult Commit(ExportResult result)
    {
        var sample = _sampler.Result();
        var qrels = new StringBuilder("query-id\tcorpus-id\tscore\n");
        foreach (var query in sample)
        {
            _queries.WriteJsonLine(json =>
            {
                json.WriteString("_id", query.Id);
                json.WriteString("text", query.Text);
                json.WriteString("kind", query.Kind.ToString().ToLowerInvariant());
            });
            foreach (var document in query.Documents)
            {
                qrels.Append(query.Id).Append('\t').Append(document).Append("\t1\n");
            }
        }

        _qrels.WriteText(qrels.ToString());
        _corpus.Commit();
        _queries.Commit();
        _qrels.Commit();
        return result with { Records = _records, Bytes = Bytes, Queries = sample.Count };
    }

    public void Dispose()
    {
        _corpus.Dispose();
        _queries.Dispose();
        _qrels.Dispose();
    }

    private void Offer(string text, QueryKind kind, string documentId, HashSet<string> offered)
    {
        var query = string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries));
        if (query.Length >= MinQueryLength && query.Length <= SearchRequest.MaxQueryLength && offered.Add(query))
        {
            _sampler.Add(query, kind, documentId);
        }
    }

    /// <summary>Whether the title is only made of the file's name ("faq.md", "table.csv row 3"): no query in that.</summary>
    private static bool IsFileName(string title, string key)
    {
        var name = Path.GetFileName(key.Split('#')[0]);
        return name.Length > 0 && (title.StartsWith(name, StringComparison.Ordinal) || string.Equals(title, Path.GetFileNameWithoutExtension(name), StringComparison.Ordinal));
    }
}
