using Hunyu.Core.Errors;
using Hunyu.Search.Evaluation;

namespace Hunyu.Search.Tests.Evaluation;

public sealed class BeirDatasetTests : IDisposable
{
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("hunyu-beir-");

    public void Dispose() => _folder.Delete(recursive: true);

    [Fact]
    public void Load_ValidDataset_KeepsOnlyJudgedQueriesWithGrades()
    {
        Write("corpus.jsonl", """{"id": "d1", "title": "t", "text": "x"}""");
        Write("queries.jsonl", "{\"id\": \"q1\", \"text\": \"问题一\"}\n{\"id\": \"q2\", \"text\": \"没有判断\"}\n");
        Write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t2\n");

        var dataset = BeirDataset.Load(_folder.FullName);

        Assert.Equal(["q1"], dataset.Queries.Select(q => q.Id));
        Assert.Equal(2, dataset.Qrels["q1"]["d1"]);
    }

    [Fact]
    public void Load_MissingQrels_ThrowsPathNotFoundNamingTheFile()
    {
        Write("corpus.jsonl", "{}");
        Write("queries.jsonl", "{}");
        var error = Assert.Throws<HunyuException>(() => BeirDataset.Load(_folder.FullName));
        Assert.Equal(ErrorCode.PathNotFound, error.Error);
        Assert.Contains("qrels.tsv", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MalformedQueryLine_ThrowsCorruptInputWithLineNumber()
    {
        Write("corpus.jsonl", "{}");
        Write("queries.jsonl", "{\"id\": \"q1\", \"text\": \"ok\"}\nnot json\n");
        Write("qrels.tsv", "query-id\tcorpus-id\tscore\nq1\td1\t1\n");
        var error = Assert.Throws<HunyuException>(() => BeirDataset.Load(_folder.FullName));
        Assert.Equal(ErrorCode.CorruptInput, error.Error);
        Assert.Contains("queries.jsonl:2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_MissingFolder_ThrowsPathNotFound() =>
        Assert.Equal(ErrorCode.PathNotFound, Assert.Throws<HunyuException>(() => BeirDataset.Load(Path.Combine(_folder.FullName, "absent"))).Error);

    private void Write(string name, string content) => File.WriteAllText(Path.Combine(_folder.FullName, name), content);
}
