using System.Numerics.Tensors;
using Hunyu.Search.Vectors;

namespace Hunyu.Search.Tests.Vectors;

/// <summary>Seeded random unit vectors (Gaussian components, so directions are uniform) and exact nearest neighbours.</summary>
internal static class RandomVectors
{
    public static float[] Unit(Random random, int dims)
    {
        var vector = new float[dims];
        for (var i = 0; i < dims; i++)
        {
            // Box-Muller.
            vector[i] = (float)(Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble()));
        }

        TensorPrimitives.Divide(vector, TensorPrimitives.Norm(vector), vector);
        return vector;
    }

    /// <summary>Stores <paramref name="vectors"/> as documents of <paramref name="chunksPerDocument"/> chunks: chunk i is <c>d{i / n}:{i % n}</c>.</summary>
    public static async Task StoreAsync(DomainVectorStore store, IReadOnlyList<float[]> vectors, int chunksPerDocument = 10)
    {
        for (var start = 0; start < vectors.Count; start += chunksPerDocument)
        {
            var document = DocumentId(start / chunksPerDocument);
            store.Replace(document, vectors.Skip(start).Take(chunksPerDocument).Select((v, j) => new VectorEntry($"{document}:{j}", v)).ToList());
        }

        await store.CommitAsync();
    }

    public static string DocumentId(int index) => "d" + index;

    public static string ChunkId(int index, int chunksPerDocument = 10) => $"{DocumentId(index / chunksPerDocument)}:{index % chunksPerDocument}";

    /// <summary>Share of the exact top <paramref name="k"/> (by float dot product) that <paramref name="found"/> holds, averaged over queries.</summary>
    public static double RecallAtK(IReadOnlyList<float[]> corpus, IReadOnlyList<float[]> queries, Func<float[], IReadOnlyList<VectorHit>> search, int k, int chunksPerDocument = 10)
    {
        var total = 0.0;
        foreach (var query in queries)
        {
            var exact = corpus.Select((v, i) => (Score: TensorPrimitives.Dot(v, query), Id: ChunkId(i, chunksPerDocument)))
                .OrderByDescending(x => x.Score)
                .Take(k)
                .Select(x => x.Id)
                .ToHashSet(StringComparer.Ordinal);
            total += search(query).Count(hit => exact.Contains(hit.ChunkId)) / (double)k;
        }

        return total / queries.Count;
    }
}
