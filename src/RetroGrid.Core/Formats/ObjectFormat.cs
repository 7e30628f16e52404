using System.Buffers.Binary;
using System.Text;

namespace RetroGrid.Core.Formats;

/// <summary>
/// The framing that starts every stored object: a 4-byte ASCII magic naming the kind, then the format version as a
/// little-endian 16-bit integer. Distinct magics stop one kind of object being read as another.
/// </summary>
internal readonly record struct ObjectFormat(string Magic, ushort Version)
{
    public const int HeaderSize = 6;

    public void WriteHeader(Span<byte> destination)
    {
        Encoding.ASCII.GetBytes(Magic, destination[..4]);
        BinaryPrimitives.WriteUInt16LittleEndian(destination[4..HeaderSize], Version);
    }

    public byte[] Header()
    {
        var header = new byte[HeaderSize];
        WriteHeader(header);
        return header;
    }

    /// <summary>Checks the header of <paramref name="data"/>; throws CorruptObject or UnsupportedVersion naming the object.</summary>
    public void CheckHeader(ReadOnlySpan<byte> data, string objectName)
    {
        Span<byte> expected = stackalloc byte[HeaderSize];
        WriteHeader(expected);
        if (data.Length < HeaderSize || !data[..4].SequenceEqual(expected[..4]))
        {
            throw FormatErrors.Corrupt(objectName, $"it does not start with the {Magic} magic.");
        }

        var version = BinaryPrimitives.ReadUInt16LittleEndian(data[4..HeaderSize]);
        if (version != Version)
        {
            throw FormatErrors.UnsupportedVersion(objectName, $"{Magic} version {version}; this build reads version {Version}.");
        }
    }
}
