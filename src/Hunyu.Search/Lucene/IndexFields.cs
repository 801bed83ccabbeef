namespace Hunyu.Search.Lucene;

/// <summary>Names of the fields of one indexed chunk. One Lucene document = one chunk.</summary>
public static class IndexFields
{
    /// <summary>Citation id of the chunk (<c>documentId:ordinal</c>); unique.</summary>
    public const string ChunkId = "chunk_id";

    /// <summary>The document id; every chunk of a document is replaced or deleted by this term.</summary>
    public const string DocumentId = "doc_id";

    /// <summary>The document key within its source.</summary>
    public const string DocumentKey = "doc_key";

    /// <summary>Domain name (exact).</summary>
    public const string Domain = "domain";

    /// <summary>Source id (exact).</summary>
    public const string Source = "source";

    /// <summary>Stored title.</summary>
    public const string Title = "title";

    /// <summary>Title as jieba words, queried with a small boost.</summary>
    public const string TitleWords = "title_words";

    /// <summary>Title, section path and chunk text as jieba words (fine-grained).</summary>
    public const string Words = "words";

    /// <summary>Title, section path and chunk text as CJK character bigrams.</summary>
    public const string Bigrams = "bigrams";

    /// <summary>Stored chunk text.</summary>
    public const string Text = "text";

    /// <summary>Stored URI of the original.</summary>
    public const string Uri = "uri";

    /// <summary>Stored section path.</summary>
    public const string Section = "section";

    /// <summary>Stored page number.</summary>
    public const string Page = "page";

    /// <summary>Stored start offset.</summary>
    public const string Start = "start";

    /// <summary>Stored end offset.</summary>
    public const string End = "end";

    /// <summary>
    /// The chunk's effective ACL as a binary doc value (<see cref="AclValue"/>): doc values can be updated in place, so a
    /// permission change takes effect without re-indexing the text.
    /// </summary>
    public const string Access = "acl";

    /// <summary>Stored document metadata as a JSON object (a SQL row's columns, a record's other fields), shown with hits.</summary>
    public const string MetadataJson = "meta_json";

    /// <summary>Prefix of exact metadata fields: <c>meta.author</c>.</summary>
    public const string MetadataPrefix = "meta.";
}
