using System.Numerics.Tensors;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace Hunyu.Search.Vectors;

/// <summary>Symmetric int8 quantisation (per-vector absmax scale) and the integer dot product it is scored with.</summary>
internal static class Int8Kernels
{
    /// <summary>Largest magnitude of a quantised component.</summary>
    public const int Levels = 127;

    /// <summary>Writes <paramref name="source"/> as int8 into <paramref name="destination"/> and returns the scale: value ≈ quantised × scale.</summary>
    public static float Quantize(ReadOnlySpan<float> source, Span<sbyte> destination)
    {
        var scale = Scale(source, out var inverse);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (sbyte)Math.Clamp(MathF.Round(source[i] * inverse), -Levels, Levels);
        }

        return scale;
    }

    /// <summary>Quantises a query like <see cref="Quantize(ReadOnlySpan{float}, Span{sbyte})"/>, widened to 16 bits so the dot product needs no conversion per vector.</summary>
    public static float Quantize(ReadOnlySpan<float> source, Span<short> destination)
    {
        var scale = Scale(source, out var inverse);
        for (var i = 0; i < source.Length; i++)
        {
            destination[i] = (short)Math.Clamp(MathF.Round(source[i] * inverse), -Levels, Levels);
        }

        return scale;
    }

    /// <summary>The exact integer dot product of int8 components and int8 values held in 16 bits.</summary>
    public static int Dot(ReadOnlySpan<sbyte> vector, ReadOnlySpan<short> query)
    {
        if (vector.Length != query.Length)
        {
            throw new ArgumentException("vector and query differ in length", nameof(query));
        }

        ref var v = ref MemoryMarshal.GetReference(vector);
        ref var q = ref MemoryMarshal.GetReference(query);
        var length = vector.Length;
        var i = 0;
        var sum = 0;
        if (Avx2.IsSupported && length >= 16)
        {
            // PERF: sign-extend 16 int8 to int16, then vpmaddwd multiplies and adds pairs into int32 (|sum of two| <= 2 * 127^2).
            var acc = Vector256<int>.Zero;
            for (; i <= length - 16; i += 16)
            {
                var wide = Avx2.ConvertToVector256Int16(Vector128.LoadUnsafe(ref v, (nuint)i));
                acc = Avx2.Add(acc, Avx2.MultiplyAddAdjacent(wide, Vector256.LoadUnsafe(ref q, (nuint)i)));
            }

            sum = Vector256.Sum(acc);
        }
        else if (Vector128.IsHardwareAccelerated && length >= 16)
        {
            var acc = Vector128<int>.Zero;
            for (; i <= length - 16; i += 16)
            {
                var (low, high) = Vector128.Widen(Vector128.LoadUnsafe(ref v, (nuint)i));
                // Products of two int8 values fit in int16; the sums are widened to int32.
                var (a, b) = Vector128.Widen(low * Vector128.LoadUnsafe(ref q, (nuint)i));
                var (c, d) = Vector128.Widen(high * Vector128.LoadUnsafe(ref q, (nuint)(i + 8)));
                acc += a + b + c + d;
            }

            sum = Vector128.Sum(acc);
        }

        for (; i < length; i++)
        {
            sum += vector[i] * query[i];
        }

        return sum;
    }

    private static float Scale(ReadOnlySpan<float> source, out float inverse)
    {
        var max = source.IsEmpty ? 0 : MathF.Abs(TensorPrimitives.MaxMagnitude(source));
        if (max == 0)
        {
            inverse = 0;
            return 0;
        }

        inverse = Levels / max;
        return max / Levels;
    }
}
