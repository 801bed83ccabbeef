using System.Text.Json;
using Hunyu.Ingestion.Governance;

namespace Hunyu.Ingestion.Tests.Governance;

public sealed class DedupTests
{
    [Theory]
    [InlineData("用人单位自用工之日起即与劳动者建立劳动关系。用人单位应当建立职工名册备查。")]
    [InlineData("用人单位自用工之日起即与劳动者建立劳动关系 用人单位应当建立职工名册备查")]
    [InlineData("用人單位自用工之日起即與勞動者建立勞動關係。用人單位應當建立職工名冊備查。")]
    [InlineData("用人单位自用工之日起即与劳动者建立劳动关系，\n\n用人单位应当建立职工名册备查！")]
    public void Process_SameTextInAnotherLayoutScriptOrPunctuation_ExactDuplicate(string copy)
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());
        pipeline.Process("original", Docs.Titled("第七条", Docs.Statutes[6]));

        var outcome = pipeline.Process("copy", Docs.Titled("第七条", copy));

        Assert.Equal(new DuplicateEntry("copy", "original", DuplicateKind.Exact, 1, GovernanceLevel.Document), outcome.Duplicate);
    }

    [Fact]
    public void Process_CopyWithAFewEdits_NearDuplicateOfTheFirstWithItsSimilarity()
    {
        var text = string.Concat(Docs.Statutes[3], Docs.Statutes[7]);
        var edited = text.Replace("劳动者", "劳动人员", StringComparison.Ordinal).Replace("应当", "须", StringComparison.Ordinal);
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());
        pipeline.Process("original", Docs.Of(text));

        var outcome = pipeline.Process("edited", Docs.Of(edited));

        Assert.Equal("original", outcome.Duplicate?.DuplicateOf);
        Assert.Equal(DuplicateKind.Near, outcome.Duplicate!.Kind);
        Assert.InRange(outcome.Duplicate.Similarity, 0.7, 0.999);
    }

    [Fact]
    public void Process_DifferentStatutesOfTheSameLaw_AllKept()
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());

        var outcomes = Docs.Statutes.Select((text, i) => pipeline.Process($"law#{i + 1}", Docs.Titled($"劳动合同法 第{i + 1}条", text))).ToList();

        Assert.All(outcomes, outcome => Assert.True(outcome.Kept, outcome.Duplicate?.ToString()));
    }

    [Fact]
    public void Run_MillionStyleDuplicateFlood_KeepsTheFirstReportsEveryCopyAndSkipsSignatures()
    {
        const int copies = 50_000;
        var index = new CountingIndex(new InMemoryDedupIndex(new DedupOptions()));
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions(), documentIndex: index);
        var inputs = Enumerable.Range(0, copies).Select(i => new GovernanceInput($"copy{i}", Docs.Titled("通知", Docs.Statutes[3])));
        var report = new GovernanceReport();

        foreach (var outcome in pipeline.Run(inputs, sink: report))
        {
            Assert.True(outcome.Kept == (outcome.Document.Id == "copy0"));
        }

        Assert.Equal(1, report.Kept);
        Assert.Equal(copies - 1, report.Duplicates.Count);
        Assert.All(report.Duplicates, duplicate => Assert.Equal(("copy0", DuplicateKind.Exact), (duplicate.DuplicateOf, duplicate.Kind)));
        Assert.Equal(1, index.Inner.Count);
        // Exact-hash short-circuit: only the first batch, prepared before anything was kept, computed signatures.
        Assert.InRange(index.WithSignature, 1, GovernancePipeline.BatchDocuments);
        var (recorded, count) = index.Inner.DuplicatesOf("copy0");
        Assert.Equal(copies - 1, count);
        Assert.Equal(InMemoryDedupIndex.MaxRecordedDuplicates, recorded.Count);
    }

    [Fact]
    public void FindOrAdd_SameIdAgain_ReplacesItselfInsteadOfDuplicatingIt()
    {
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions());
        pipeline.Process("handbook.md", Docs.Of(Docs.Statutes[3]));

        var changed = pipeline.Process("handbook.md", Docs.Of(Docs.Statutes[3] + "本条自发布之日起施行。"));

        Assert.True(changed.Kept);
    }

    [Fact]
    public void Export_Import_RoundTripsThroughJson_AndKeepsFindingDuplicates()
    {
        var options = new DedupOptions();
        var index = new InMemoryDedupIndex(options);
        var pipeline = GovernancePipeline.CreateDefault(new GovernanceOptions(), documentIndex: index);
        pipeline.Process("a", Docs.Of(Docs.Statutes[3]));
        pipeline.Process("b", Docs.Of(Docs.Statutes[3]));
        pipeline.Process("c", Docs.Of(Docs.Statutes[7]));

        var json = JsonSerializer.Serialize(index.Export());
        var restored = InMemoryDedupIndex.Import(JsonSerializer.Deserialize<DedupIndexState>(json)!, options);
        var next = GovernancePipeline.CreateDefault(new GovernanceOptions(), documentIndex: restored);

        Assert.Equal(2, restored.Count);
        Assert.Equal(["b"], restored.DuplicatesOf("a").Ids);
        Assert.Equal(1, restored.DuplicatesOf("a").Count);
        Assert.Equal("c", next.Process("d", Docs.Of(Docs.Statutes[7].Replace("工作地点、", string.Empty, StringComparison.Ordinal))).Duplicate?.DuplicateOf);
    }

    [Fact]
    public void FindOrAdd_ThousandsOfItems_FindsNearCopiesOfItemsOnEveryPageAndAfterARoundTrip()
    {
        // More items than several pages of the index hold: a copy of an item on each page, edited, must find it.
        const int items = (3 * PagedRows<int>.RowsPerPage) + 100;
        var options = new DedupOptions();
        var hasher = new MinHasher(MinHashScheme.Of(options));
        var random = new Random(11);
        var texts = Enumerable.Range(0, items).Select(_ => new string([.. Enumerable.Range(0, 120).Select(_ => (char)('\u4E00' + random.Next(3000)))])).ToArray();
        DedupFingerprint Fingerprint(string text) => DedupText.Fingerprint(string.Empty, [text], hasher, options.MinNearChars);
        var index = new InMemoryDedupIndex(options);
        for (var i = 0; i < items; i++)
        {
            Assert.Null(index.FindOrAdd($"doc{i}", Fingerprint(texts[i])));
        }

        int[] originals = [0, PagedRows<int>.RowsPerPage - 1, PagedRows<int>.RowsPerPage, (2 * PagedRows<int>.RowsPerPage) + 5, items - 1];
        var restored = InMemoryDedupIndex.Import(index.Export(), options);
        foreach (var original in originals)
        {
            var copy = Fingerprint(texts[original][..^2] + "附则");
            Assert.Equal($"doc{original}", restored.FindOrAdd($"copy{original}", copy)?.DuplicateOf);
            Assert.Equal($"doc{original}", index.FindOrAdd($"copy{original}", copy)?.DuplicateOf);
        }

        // A replaced item is no longer found under its old text.
        Assert.Null(index.FindOrAdd("doc5", Fingerprint(texts[6][..60] + texts[7][..60])));
        Assert.Null(index.FindOrAdd("late", Fingerprint(texts[5])));
        Assert.Equal(items + 1, index.Count);
    }

    [Fact]
    public void Import_DifferentScheme_Throws()
    {
        var state = new InMemoryDedupIndex(new DedupOptions { ShingleChars = 4 }).Export();

        var error = Assert.Throws<ArgumentException>(() => InMemoryDedupIndex.Import(state, new DedupOptions { ShingleChars = 3 }));

        Assert.Contains("rebuild the index", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void MinHash_EstimatesJaccardWithinTheExpectedError()
    {
        const int seed = 7;
        var random = new Random(seed);
        var hasher = new MinHasher(MinHashScheme.Of(new DedupOptions()));
        var errors = new List<double>();
        for (var trial = 0; trial < 200; trial++)
        {
            var a = new string([.. Enumerable.Range(0, 400).Select(_ => (char)('\u4E00' + random.Next(3000)))]);
            var chars = a.ToCharArray();
            var edits = random.Next(0, 60);
            for (var e = 0; e < edits; e++)
            {
                chars[random.Next(chars.Length)] = (char)('\u4E00' + random.Next(3000));
            }

            var b = new string(chars);
            var exact = Jaccard(Shingles(a), Shingles(b));
            errors.Add(MinHasher.Similarity(hasher.Compute(a), hasher.Compute(b)) - exact);
        }

        // 128 slots: standard error at most 0.044; the mean error shows bias.
        Assert.True(Math.Abs(errors.Average()) < 0.01, $"seed {seed}: mean error {errors.Average():F4}");
        Assert.True(errors.Max(Math.Abs) < 0.15, $"seed {seed}: worst error {errors.Max(Math.Abs):F4}");
    }

    [Fact]
    public void InMemoryDedupIndex_BandsCoverTheThreshold()
    {
        var index = new InMemoryDedupIndex(new DedupOptions { Threshold = 0.8 });

        Assert.True(index.Rows * index.Bands <= 128);
        Assert.True(1 - Math.Pow(1 - Math.Pow(0.8, index.Rows), index.Bands) >= 0.995);

        // The fewest bands that do: one fewer would miss the threshold's 0.995.
        Assert.True(1 - Math.Pow(1 - Math.Pow(0.8, index.Rows), index.Bands - 1) < 0.995);
    }

    private static HashSet<string> Shingles(string text) => [.. Enumerable.Range(0, text.Length - 2).Select(i => text.Substring(i, 3))];

    private static double Jaccard(HashSet<string> a, HashSet<string> b) => (double)a.Intersect(b).Count() / a.Union(b).Count();

    /// <summary>Counts how many fingerprints arrive with a signature.</summary>
    private sealed class CountingIndex(InMemoryDedupIndex inner) : IDedupIndex
    {
        private int _withSignature;

        public InMemoryDedupIndex Inner => inner;

        public int WithSignature => _withSignature;

        public DedupMatch? FindOrAdd(string id, DedupFingerprint fingerprint, KeptDuplicates keep = KeptDuplicates.None)
        {
            if (!fingerprint.Signature.IsEmpty)
            {
                Interlocked.Increment(ref _withSignature);
            }

            return inner.FindOrAdd(id, fingerprint, keep);
        }

        public bool ContainsExact(UInt128 hash) => inner.ContainsExact(hash);

        public bool Remove(string id) => inner.Remove(id);
    }
}
