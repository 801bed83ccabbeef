using Hunyu.Core.Catalog;
using Hunyu.Core.Knowledge;
using Hunyu.Core.Security;

namespace Hunyu.Storage.Tests.Sqlite;

/// <summary>Builds documents and chunks for catalog tests.</summary>
internal static class Samples
{
    public static readonly DateTimeOffset Epoch = new(2025, 3, 1, 8, 0, 0, TimeSpan.Zero);

    public static Document Document(
        string sourceId,
        string key,
        string content = "v1",
        int version = 1,
        string domain = "handbook",
        DateTimeOffset? updatedAt = null,
        IReadOnlyDictionary<string, string>? metadata = null,
        Acl? acl = null) =>
        new(
            DocumentIds.ForDocument(sourceId, key),
            sourceId,
            domain,
            key,
            "Title of " + key,
            "file:///" + key,
            DocumentIds.ContentHash(content),
            version,
            Epoch,
            updatedAt ?? Epoch,
            metadata ?? new Dictionary<string, string> { ["format"] = "md" },
            acl ?? Acl.Public);

    public static DocumentWithChunks WithChunks(Document document, int count) =>
        new(document, [.. Enumerable.Range(0, count).Select(i => new Chunk(document.Id, i, "passage " + i, "Intro > Part " + i, i + 1, i * 100, (i * 100) + 80))]);

    public static IngestionRunReport Report(params IngestionFailure[] failures) => new(3, 2, 1, 1, failures, 12_345, 9);
}
