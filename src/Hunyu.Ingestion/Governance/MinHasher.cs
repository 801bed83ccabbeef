using System.Numerics;

namespace Hunyu.Ingestion.Governance;

/// <summary>
/// Computes MinHash signatures over the character shingles of a dedup text: slot j holds the minimum over all
/// shingles of h_j(shingle) = a_j·x + b_j (mod 2³²), where x is a 64-bit mix of the shingle's characters folded to 32
/// bits and a_j (odd) and b_j come from the scheme's seed. The fraction of equal slots of two signatures estimates the
/// Jaccard similarity of their shingle sets.
/// </summary>
/// <remarks>
/// PERF: a shingle of up to 4 UTF-16 characters packs exactly into 64 bits (no string, no collision before the mix;
/// longer ones are folded FNV-1a style);
/// the slots are updated <see cref="Vector{T}"/>-wide, 8 slots per instruction with AVX2. Immutable; thread-safe.
/// </remarks>
internal sealed class MinHasher
{
    private readonly uint[] _a;
    private readonly uint[] _b;

    public MinHasher(MinHashScheme scheme)
    {
        ArgumentNullException.ThrowIfNull(scheme);
        Scheme = scheme;
        _a = new uint[scheme.Permutations];
        _b = new uint[scheme.Permutations];
        var state = (ulong)(uint)scheme.Seed ^ 0x9E3779B97F4A7C15UL;
        for (var j = 0; j < scheme.Permutations; j++)
        {
            _a[j] = (uint)SplitMix(ref state) | 1;
            _b[j] = (uint)SplitMix(ref state);
        }
    }

    public MinHashScheme Scheme { get; }

    /// <summary>The signature of <paramref name="text"/> (a text shorter than a shingle is one shingle).</summary>
    public uint[] Compute(ReadOnlySpan<char> text)
    {
        var k = Scheme.ShingleChars;
        var signature = new uint[Scheme.Permutations];
        signature.AsSpan().Fill(uint.MaxValue);
        var shingles = Math.Max(1, text.Length - k + 1);
        var width = Vector<uint>.Count;
        var vectorEnd = signature.Length - (signature.Length % width);
        for (var i = 0; i < shingles; i++)
        {
            ulong packed = 0;
            var end = Math.Min(text.Length, i + k);
            for (var c = i; c < end; c++)
            {
                // Up to 4 characters fit exactly; longer shingles are folded in FNV-1a style before the mix.
                packed = k <= 4 ? (packed << 16) | text[c] : (packed ^ text[c]) * 0x100000001B3UL;
            }

            var x = (uint)(Mix(packed) >> 32);
            var vx = new Vector<uint>(x);
            for (var j = 0; j < vectorEnd; j += width)
            {
                var h = (new Vector<uint>(_a, j) * vx) + new Vector<uint>(_b, j);
                Vector.Min(h, new Vector<uint>(signature, j)).CopyTo(signature, j);
            }

            for (var j = vectorEnd; j < signature.Length; j++)
            {
                signature[j] = Math.Min(signature[j], (_a[j] * x) + _b[j]);
            }
        }

        return signature;
    }

    /// <summary>The share of equal slots: the estimated Jaccard similarity.</summary>
    public static double Similarity(ReadOnlySpan<uint> a, ReadOnlySpan<uint> b)
    {
        var equal = 0;
        var width = Vector<uint>.Count;
        var i = 0;
        for (; i + width <= a.Length; i += width)
        {
            equal -= Vector.Sum(Vector.AsVectorInt32(Vector.Equals(new Vector<uint>(a[i..]), new Vector<uint>(b[i..]))));
        }

        for (; i < a.Length; i++)
        {
            equal += a[i] == b[i] ? 1 : 0;
        }

        return (double)equal / a.Length;
    }

    /// <summary>A strong 64-bit mix (the SplitMix64 finaliser).</summary>
    private static ulong Mix(ulong z)
    {
        z += 0x9E3779B97F4A7C15UL;
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }

    private static ulong SplitMix(ref ulong state)
    {
        state += 0x9E3779B97F4A7C15UL;
        return Mix(state - 0x9E3779B97F4A7C15UL);
    }
}
