using RetroGrid.Core.Errors;

namespace RetroGrid.Core.Tests.Formats;

/// <summary>Assertions for feeding hostile bytes to decoders: they may accept or reject, but only with our exception.</summary>
internal static class HostileInput
{
    /// <summary>Runs the decoder; true if it rejected the input with a <see cref="RetroGridFormatException"/>. Any other exception fails the test.</summary>
    public static bool Rejects(Action decode, string what)
    {
        try
        {
            decode();
            return false;
        }
        catch (RetroGridFormatException)
        {
            return true;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: {ex.GetType().Name} instead of RetroGridFormatException: {ex.Message}");
            return false;
        }
    }

    public static async Task<bool> RejectsAsync(Func<Task> decode, string what)
    {
        try
        {
            await decode();
            return false;
        }
        catch (RetroGridFormatException)
        {
            return true;
        }
        catch (Exception ex)
        {
            Assert.Fail($"{what}: {ex.GetType().Name} instead of RetroGridFormatException: {ex.Message}");
            return false;
        }
    }

    /// <summary>Each byte of <paramref name="valid"/> flipped in a few ways, one at a time.</summary>
    public static IEnumerable<(int Position, byte[] Bytes)> Mutations(byte[] valid)
    {
        foreach (var flip in new byte[] { 0x01, 0x80, 0xFF })
        {
            for (var i = 0; i < valid.Length; i++)
            {
                var mutated = valid.ToArray();
                mutated[i] ^= flip;
                yield return (i, mutated);
            }
        }
    }

    public static IEnumerable<byte[]> RandomInputs(int count, int maxLength, int seed)
    {
        var random = new Random(seed);
        for (var i = 0; i < count; i++)
        {
            var bytes = new byte[random.Next(maxLength + 1)];
            random.NextBytes(bytes);
            yield return bytes;
        }
    }
}
