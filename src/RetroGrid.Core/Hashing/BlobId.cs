using System.Buffers.Binary;
using System.Globalization;

namespace RetroGrid.Core.Hashing;

/// <summary>
/// The 32-byte id of a blob: a keyed hash of its plaintext, so ids reveal nothing without the set's id key.
/// Held as four words, so equality and hashing cost four compares, not a byte loop (the dedup index holds millions).
/// </summary>
public readonly record struct BlobId(ulong W0, ulong W1, ulong W2, ulong W3) : IComparable<BlobId>
{
    public const int Size = 32;

    public static BlobId FromBytes(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length != Size)
        {
            throw new ArgumentException($"A blob id is {Size} bytes, not {bytes.Length}.", nameof(bytes));
        }

        return new BlobId(
            BinaryPrimitives.ReadUInt64BigEndian(bytes),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[8..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[16..]),
            BinaryPrimitives.ReadUInt64BigEndian(bytes[24..]));
    }

    public static BlobId Parse(string hex)
    {
        ArgumentNullException.ThrowIfNull(hex);
        return hex.Length == Size * 2
            ? FromBytes(Convert.FromHexString(hex))
            : throw new FormatException($"A blob id is {Size * 2} hex digits.");
    }

    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, W0);
        BinaryPrimitives.WriteUInt64BigEndian(destination[8..], W1);
        BinaryPrimitives.WriteUInt64BigEndian(destination[16..], W2);
        BinaryPrimitives.WriteUInt64BigEndian(destination[24..], W3);
    }

    public byte[] ToArray()
    {
        var bytes = new byte[Size];
        WriteTo(bytes);
        return bytes;
    }

    /// <summary>Lower-case hex, as used in object names.</summary>
    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{W0:x16}{W1:x16}{W2:x16}{W3:x16}");

    public static bool operator <(BlobId left, BlobId right) => left.CompareTo(right) < 0;

    public static bool operator <=(BlobId left, BlobId right) => left.CompareTo(right) <= 0;

    public static bool operator >(BlobId left, BlobId right) => left.CompareTo(right) > 0;

    public static bool operator >=(BlobId left, BlobId right) => left.CompareTo(right) >= 0;

    public int CompareTo(BlobId other)
    {
        var c = W0.CompareTo(other.W0);
        c = c != 0 ? c : W1.CompareTo(other.W1);
        c = c != 0 ? c : W2.CompareTo(other.W2);
        return c != 0 ? c : W3.CompareTo(other.W3);
    }
}
