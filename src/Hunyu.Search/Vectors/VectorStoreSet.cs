using System.Collections.Concurrent;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;

namespace Hunyu.Search.Vectors;

/// <summary>
/// The per-domain vector stores of one embedding model, each in its domain's index folder
/// (<c>&lt;data&gt;/indexes/&lt;domain&gt;/vectors</c>), opened on first use and kept open.
/// </summary>
/// <remarks>Thread-safe.</remarks>
/// <param name="root">The folder holding one sub-folder per domain (the lexical indexes' root).</param>
/// <param name="model">The embedding model's id; a store holding another model's vectors fails to open.</param>
/// <param name="options">Encoding and compaction of every store.</param>
public sealed class VectorStoreSet(string root, string model, VectorStoreOptions? options = null) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<DomainVectorStore>> _stores = new(StringComparer.Ordinal);

    /// <summary>The embedding model's id.</summary>
    public string Model { get; } = model;

    /// <summary>The store of <paramref name="domain"/>, created if it does not exist.</summary>
    /// <exception cref="HunyuException">The name is invalid (<c>invalid_argument</c>), or the store cannot be opened or holds another model's vectors (<c>store_unavailable</c>).</exception>
    public DomainVectorStore Get(string domain)
    {
        Domain.EnsureValidName(domain);

        var lazy = _stores.GetOrAdd(domain, name => new Lazy<DomainVectorStore>(() => new DomainVectorStore(name, FolderOf(name), Model, options)));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed open must not poison the cache for the next attempt.
            _stores.TryRemove(new KeyValuePair<string, Lazy<DomainVectorStore>>(domain, lazy));
            throw;
        }
    }

    /// <summary>The store of <paramref name="domain"/> if it exists; null otherwise (nothing is created).</summary>
    /// <exception cref="HunyuException">The store exists but cannot be opened (<c>store_unavailable</c>).</exception>
    public DomainVectorStore? GetExisting(string domain) =>
        Domain.IsValidName(domain) && (_stores.ContainsKey(domain) || Directory.Exists(FolderOf(domain))) ? Get(domain) : null;

    /// <summary>Closes the store of <paramref name="domain"/> if it is open (before its folder is deleted); the next use opens it again.</summary>
    public void Close(string domain)
    {
        if (_stores.TryRemove(domain, out var open) && open.IsValueCreated)
        {
            open.Value.Dispose();
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in _stores.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        _stores.Clear();
    }

    private string FolderOf(string domain) => Path.Combine(root, domain, DomainVectorStore.FolderName);
}
