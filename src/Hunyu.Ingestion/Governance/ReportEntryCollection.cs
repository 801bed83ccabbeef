using System.Collections;
using System.Text;
using System.Text.Json;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// One list of a <see cref="GovernanceReport"/> (duplicates, PII, dropped, flagged) that keeps its memory flat: the
/// first <see cref="EntriesInMemory"/> entries are held in memory, later ones are appended as JSON lines to a
/// temporary file (deleted when the list is closed or collected), and enumeration streams them back in order.
/// </summary>
/// <remarks>
/// A 10⁶-duplicate flood therefore costs a file of about 100 MB on the temporary folder, not 10⁶ objects. As a
/// collection it serialises as a JSON array written element by element (<see cref="JsonSerializer.SerializeAsync{TValue}(Stream, TValue, JsonSerializerOptions?, CancellationToken)"/>
/// flushes as it goes), and a report deserialised from a stream fills it the same way. Not thread-safe.
/// </remarks>
/// <typeparam name="T">The entry type (a record serialised with <see cref="GovernanceReport.JsonOptions"/>).</typeparam>
public sealed class ReportEntryCollection<T> : ICollection<T>, IReadOnlyCollection<T>, IDisposable
    where T : class
{
    /// <summary>Entries held in memory before the list spills to its temporary file.</summary>
    public const int DefaultEntriesInMemory = 10_000;

    private readonly List<T> _memory = [];
    // Spilled entries taken out, with how many equal ones each: reading the file skips them in one pass.
    private readonly Dictionary<T, int> _withdrawn = [];
    private int _withdrawnCount;
    private FileStream? _spill;
    private StreamWriter? _writer;
    private int _spilled;

    /// <summary>Creates an empty list holding up to <paramref name="entriesInMemory"/> entries in memory.</summary>
    public ReportEntryCollection(int entriesInMemory = DefaultEntriesInMemory)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(entriesInMemory);
        EntriesInMemory = entriesInMemory;
    }

    /// <summary>Entries held in memory before the list spills to its temporary file.</summary>
    public int EntriesInMemory { get; }

    /// <summary>True once entries went to the temporary file.</summary>
    public bool Spilled => _spill is not null;

    /// <inheritdoc cref="ICollection{T}.Count"/>
    public int Count => _memory.Count + _spilled - _withdrawnCount;

    /// <inheritdoc/>
    bool ICollection<T>.IsReadOnly => false;

    /// <inheritdoc/>
    public void Add(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_spill is null && _memory.Count < EntriesInMemory)
        {
            _memory.Add(item);
            return;
        }

        if (_writer is null)
        {
            // DeleteOnClose: the file goes when the list is closed, collected, or the process ends.
            var path = Path.Combine(Path.GetTempPath(), $"hunyu-report-{Guid.NewGuid():N}.jsonl");
            _spill = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, 1 << 16, FileOptions.DeleteOnClose);
            _writer = new StreamWriter(_spill, new UTF8Encoding(false), 1 << 16) { AutoFlush = false };
        }

        _writer.Write(JsonSerializer.Serialize(item, GovernanceReport.JsonOptions));
        _writer.Write('\n');
        _spilled++;
    }

    /// <summary>Adds every entry of <paramref name="items"/>, in order.</summary>
    public void AddRange(IEnumerable<T> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (var item in items)
        {
            Add(item);
        }
    }

    /// <summary>Takes one entry equal to <paramref name="item"/> out of the list; false when there is none.</summary>
    /// <remarks>A spilled entry stays in the file and is skipped when read (withdrawals are rare: a document governed again in the same run).</remarks>
    public bool Remove(T item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (_memory.Remove(item))
        {
            return true;
        }

        var withdrawn = _withdrawn.GetValueOrDefault(item);
        if (ReadSpilled().Count(entry => entry.Equals(item)) <= withdrawn)
        {
            return false;
        }

        _withdrawn[item] = withdrawn + 1;
        _withdrawnCount++;
        return true;
    }

    /// <inheritdoc/>
    public bool Contains(T item) => this.Any(entry => entry.Equals(item));

    /// <summary>Empties the list and deletes its temporary file.</summary>
    public void Clear()
    {
        _memory.Clear();
        _withdrawn.Clear();
        _withdrawnCount = 0;
        _writer?.Dispose();
        _spill?.Dispose();
        _writer = null;
        _spill = null;
        _spilled = 0;
    }

    /// <summary>Deletes the temporary file; the entries in memory stay.</summary>
    public void Dispose()
    {
        _writer?.Dispose();
        _spill?.Dispose();
    }

    /// <inheritdoc/>
    public void CopyTo(T[] array, int arrayIndex)
    {
        ArgumentNullException.ThrowIfNull(array);
        foreach (var item in this)
        {
            array[arrayIndex++] = item;
        }
    }

    /// <inheritdoc/>
    public IEnumerator<T> GetEnumerator()
    {
        foreach (var item in _memory)
        {
            yield return item;
        }

        if (_spill is null)
        {
            yield break;
        }

        var skip = new Dictionary<T, int>(_withdrawn);
        foreach (var item in ReadSpilled())
        {
            if (skip.TryGetValue(item, out var left) && left > 0)
            {
                skip[item] = left - 1;
                continue;
            }

            yield return item;
        }
    }

    /// <inheritdoc/>
    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    private IEnumerable<T> ReadSpilled()
    {
        if (_spill is null)
        {
            yield break;
        }

        _writer!.Flush();

        // A second handle on the same file: reading never moves the writer's position.
        using var reader = new StreamReader(new FileStream(_spill.Name, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 1 << 16), Encoding.UTF8);
        while (reader.ReadLine() is { } line)
        {
            yield return JsonSerializer.Deserialize<T>(line, GovernanceReport.JsonOptions) ?? throw new InvalidDataException($"{_spill.Name}: a null report entry");
        }
    }
}
