using MessagePack;
using MessagePack.Resolvers;

namespace RetroGrid.Core.Formats;

/// <summary>
/// The one seam between the format and MessagePack. Every read treats its input as hostile: untrusted-data security
/// (bounded depth, collision-resistant hashing), no Typeless, an upper bound on size, no trailing bytes, and each
/// object's own invariants checked; any failure becomes a <see cref="Errors.RetroGridFormatException"/> naming the object.
/// </summary>
internal static class FormatSerializer
{
    /// <summary>No single metadata object (tree, snapshot, index file, config) may be larger than this.</summary>
    public const int MaxObjectSize = 256 * 1024 * 1024;

    public static readonly MessagePackSerializerOptions Options = MessagePackSerializerOptions.Standard
        .WithResolver(CompositeResolver.Create([BlobIdFormatter.Instance], [StandardResolver.Instance]))
        .WithSecurity(MessagePackSecurity.UntrustedData);

    public static byte[] SerializePayload<T>(T value) => MessagePackSerializer.Serialize(value, Options);

    /// <summary>Header ‖ payload: the plaintext of an unsealed object such as a tree blob.</summary>
    public static byte[] Serialize<T>(ObjectFormat format, T value)
    {
        var payload = SerializePayload(value);
        var bytes = new byte[ObjectFormat.HeaderSize + payload.Length];
        format.WriteHeader(bytes);
        payload.CopyTo(bytes.AsSpan(ObjectFormat.HeaderSize));
        return bytes;
    }

    public static T Deserialize<T>(ObjectFormat format, ReadOnlyMemory<byte> bytes, string objectName)
        where T : IFormatObject
    {
        format.CheckHeader(bytes.Span, objectName);
        return DeserializePayload<T>(bytes[ObjectFormat.HeaderSize..], objectName);
    }

    public static T DeserializePayload<T>(ReadOnlyMemory<byte> payload, string objectName)
        where T : IFormatObject
    {
        if (payload.Length > MaxObjectSize)
        {
            throw FormatErrors.Corrupt(objectName, $"it is {payload.Length} bytes, over the {MaxObjectSize}-byte limit.");
        }

        T value;
        int read;
        try
        {
            value = MessagePackSerializer.Deserialize<T>(payload, Options, out read);
        }
        catch (MessagePackSerializationException ex)
        {
            throw FormatErrors.Corrupt(objectName, "its MessagePack payload does not decode.", ex);
        }

        if (read != payload.Length)
        {
            throw FormatErrors.Corrupt(objectName, $"{payload.Length - read} bytes follow its payload.");
        }

        if (value is null)
        {
            throw FormatErrors.Corrupt(objectName, "it is nil.");
        }

        if (value.FindProblem() is { } problem)
        {
            throw FormatErrors.Corrupt(objectName, problem);
        }

        return value;
    }
}
