using RetroGrid.Core.Crypto;

namespace RetroGrid.Core.Formats;

/// <summary>
/// Framing of encrypted metadata files (config, snapshots, index files): header ‖ AES-256-GCM(payload), with the
/// header as associated data, so neither the kind nor the version can be swapped without failing authentication.
/// </summary>
internal static class SealedObjects
{
    public static byte[] Seal<T>(ObjectFormat format, T value, AeadSealer sealer)
    {
        ArgumentNullException.ThrowIfNull(sealer);
        var payload = FormatSerializer.SerializePayload(value);
        var header = format.Header();
        var bytes = new byte[ObjectFormat.HeaderSize + payload.Length + AeadSealer.Overhead];
        header.CopyTo(bytes, 0);
        sealer.Seal(payload, header, bytes.AsSpan(ObjectFormat.HeaderSize));
        return bytes;
    }

    public static T Open<T>(ObjectFormat format, ReadOnlyMemory<byte> bytes, AeadSealer sealer, string objectName)
        where T : IFormatObject
    {
        ArgumentNullException.ThrowIfNull(sealer);
        format.CheckHeader(bytes.Span, objectName);
        var sealedPayload = bytes.Span[ObjectFormat.HeaderSize..];
        if (sealedPayload.Length < AeadSealer.Overhead || sealedPayload.Length - AeadSealer.Overhead > FormatSerializer.MaxObjectSize)
        {
            throw FormatErrors.Corrupt(objectName, $"its sealed payload of {sealedPayload.Length} bytes is out of range.");
        }

        var payload = new byte[sealedPayload.Length - AeadSealer.Overhead];
        if (!sealer.TryOpen(sealedPayload, bytes.Span[..ObjectFormat.HeaderSize], payload))
        {
            throw FormatErrors.Corrupt(objectName, "it fails authentication (altered, truncated, or sealed under another set's key).");
        }

        return FormatSerializer.DeserializePayload<T>(payload, objectName);
    }
}
