namespace Hunyu.Ingestion.Governance;

/// <summary>
/// A growable table of rows of <see cref="RowLength"/> values each, kept in pages of <see cref="RowsPerPage"/> rows
/// that are never copied: growing adds a page.
/// </summary>
/// <remarks>
/// PERF: the dedup index kept its items in flat arrays that doubled as it grew; copying them into freshly zeroed
/// memory cost more per kept statute article than looking it up. Pages cost one extra shift and mask per access.
/// Not thread-safe; the index locks around it.
/// </remarks>
/// <typeparam name="T">The values' type.</typeparam>
internal sealed class PagedRows<T>
{
    /// <summary>Rows per page: a page of 128 two-byte signature slots a row is 256 KB.</summary>
    public const int RowsPerPage = 1 << PageShift;

    private const int PageShift = 10;
    private const int RowMask = RowsPerPage - 1;

    private T[][] _pages = [];
    private int _pageCount;

    /// <summary>Creates an empty table of rows of <paramref name="rowLength"/> values.</summary>
    public PagedRows(int rowLength)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(rowLength);
        RowLength = rowLength;
    }

    /// <summary>Values per row.</summary>
    public int RowLength { get; }

    /// <summary>Rows the pages hold now.</summary>
    public int Capacity => _pageCount * RowsPerPage;

    /// <summary>Bytes the pages take (the values only).</summary>
    public long Bytes(int valueBytes) => (long)Capacity * RowLength * valueBytes;

    /// <summary>The first value of row <paramref name="row"/> (the value itself when a row holds one).</summary>
    public ref T this[int row] => ref _pages[row >> PageShift][(row & RowMask) * RowLength];

    /// <summary>Value <paramref name="column"/> of row <paramref name="row"/>.</summary>
    public ref T At(int row, int column) => ref _pages[row >> PageShift][((row & RowMask) * RowLength) + column];

    /// <summary>Row <paramref name="row"/>.</summary>
    public Span<T> Row(int row) => _pages[row >> PageShift].AsSpan((row & RowMask) * RowLength, RowLength);

    /// <summary>Adds pages until row <paramref name="row"/> exists.</summary>
    public void EnsureRow(int row)
    {
        while (row >= Capacity)
        {
            if (_pageCount == _pages.Length)
            {
                // Only the list of pages doubles: references, a few per million rows.
                Array.Resize(ref _pages, Math.Max(4, _pages.Length * 2));
            }

            _pages[_pageCount++] = new T[RowsPerPage * RowLength];
        }
    }

    /// <summary>Sets every value to its default.</summary>
    public void Clear()
    {
        for (var page = 0; page < _pageCount; page++)
        {
            Array.Clear(_pages[page]);
        }
    }
}
