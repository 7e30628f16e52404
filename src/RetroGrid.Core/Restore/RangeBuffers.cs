namespace RetroGrid.Core.Restore;

/// <summary>
/// The two buffers one ranged read needs (the sealed range, one blob's plaintext), reused by the next read and grown,
/// never shrunk, to the largest asked for. Exact sizes: pooled power-of-two buffers, four reads in flight, kept one
/// array per size class per read (measured: most of a restore's peak memory). The first allocation is at least the
/// usual size (a full read, a maximum chunk), so growing is rare and leaves little garbage.
/// </summary>
internal sealed class RangeBuffers(int usualRange, int usualPlaintext)
{
    private byte[] _range = [];
    private byte[] _plaintext = [];

    public byte[] Range(int length) => Fit(ref _range, length, usualRange);

    public byte[] Plaintext(int length) => Fit(ref _plaintext, length, usualPlaintext);

    private static byte[] Fit(ref byte[] array, int length, int usual)
    {
        if (array.Length < length)
        {
            array = GC.AllocateUninitializedArray<byte>(Math.Max(length, usual));
        }

        return array;
    }
}
