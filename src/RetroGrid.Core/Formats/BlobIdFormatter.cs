using System.Buffers;
using MessagePack;
using MessagePack.Formatters;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Formats;

/// <summary>A blob id as MessagePack <c>bin 8</c> of exactly 32 bytes (34 bytes on the wire, not a 4-element array).</summary>
internal sealed class BlobIdFormatter : IMessagePackFormatter<BlobId>
{
    public static readonly BlobIdFormatter Instance = new();

    public void Serialize(ref MessagePackWriter writer, BlobId value, MessagePackSerializerOptions options)
    {
        writer.WriteBinHeader(BlobId.Size);
        value.WriteTo(writer.GetSpan(BlobId.Size));
        writer.Advance(BlobId.Size);
    }

    public BlobId Deserialize(ref MessagePackReader reader, MessagePackSerializerOptions options)
    {
        var sequence = reader.ReadBytes() ?? throw new MessagePackSerializationException("A blob id is nil.");
        if (sequence.Length != BlobId.Size)
        {
            throw new MessagePackSerializationException($"A blob id is {BlobId.Size} bytes, not {sequence.Length}.");
        }

        Span<byte> bytes = stackalloc byte[BlobId.Size];
        sequence.CopyTo(bytes);
        return BlobId.FromBytes(bytes);
    }
}
