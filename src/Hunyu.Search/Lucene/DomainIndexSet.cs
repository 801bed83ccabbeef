using System.Collections.Concurrent;
using Hunyu.Core.Errors;
using Hunyu.Core.Knowledge;

namespace Hunyu.Search.Lucene;

/// <summary>
/// The per-domain indexes under one folder (<c>&lt;data&gt;/indexes/&lt;domain&gt;</c>), opened on first use
/// and kept open: one writer and one searcher manager per domain for the life of the process.
/// </summary>
/// <remarks>Thread-safe.</remarks>
public sealed class DomainIndexSet(string root) : IDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<LuceneDomainIndex>> _indexes = new(StringComparer.Ordinal);

    /// <summary>The folder holding one sub-folder per domain.</summary>
    public string Root { get; } = root;

    /// <summary>Names of the domains that have an index on disk or open.</summary>
    public IReadOnlyList<string> Domains =>
        (Directory.Exists(Root) ? Directory.GetDirectories(Root).Select(Path.GetFileName).OfType<string>() : [])
            .Concat(_indexes.Keys)
            .Where(Domain.IsValidName)
            .Distinct(StringComparer.Ordinal)
            .Order(StringComparer.Ordinal)
            .ToList();

    /// <summary>The index of <paramref name="domain"/>, created if it does not exist.</summary>
    /// <exception cref="HunyuException">The name is not a valid domain name (<c>invalid_argument</c>).</exception>
    public LuceneDomainIndex Get(string domain)
    {
        Domain.EnsureValidName(domain);

        var lazy = _indexes.GetOrAdd(domain, name => new Lazy<LuceneDomainIndex>(() => new LuceneDomainIndex(name, Path.Combine(Root, name))));
        try
        {
            return lazy.Value;
        }
        catch
        {
            // A failed open (e.g. locked) must not poison the cache for the next attempt.
            _indexes.TryRemove(new KeyValuePair<string, Lazy<LuceneDomainIndex>>(domain, lazy));
            throw;
        }
    }

    /// <summary>The index of <paramref name="domain"/> if it exists on disk or is open; null otherwise (nothing is created).</summary>
    public LuceneDomainIndex? GetExisting(string domain) =>
        Domain.IsValidName(domain) && (_indexes.ContainsKey(domain) || Directory.Exists(Path.Combine(Root, domain))) ? Get(domain) : null;

    /// <summary>
    /// Closes the index of <paramref name="domain"/> and deletes its folder with everything in it (its vectors too); false
    /// when there was none. Close the domain's other stores first.
    /// </summary>
    /// <exception cref="HunyuException">The folder cannot be deleted (<c>store_unavailable</c>).</exception>
    public bool Delete(string domain)
    {
        if (!Domain.IsValidName(domain))
        {
            return false;
        }

        if (_indexes.TryRemove(domain, out var open) && open.IsValueCreated)
        {
            open.Value.Dispose();
        }

        var folder = Path.Combine(Root, domain);
        if (!Directory.Exists(folder))
        {
            return open is not null;
        }

        try
        {
            Directory.Delete(folder, recursive: true);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new HunyuException(ErrorCode.StoreUnavailable, $"{folder}: the index folder cannot be deleted ({e.Message})", e);
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        foreach (var lazy in _indexes.Values.Where(l => l.IsValueCreated))
        {
            lazy.Value.Dispose();
        }

        _indexes.Clear();
    }
}
