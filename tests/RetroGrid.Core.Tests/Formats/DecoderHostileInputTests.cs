using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Tests.Formats;

/// <summary>
/// Random, mutated, truncated and oversized-declaration input to every MessagePack decoder of the format: each input
/// is either decoded (to an object that passed its own checks) or rejected with RetroGridFormatException naming the
/// object — never another exception, a hang, or a large allocation.
/// </summary>
public class DecoderHostileInputTests
{
    private static readonly AeadSealer Metadata = new(FormatTestData.Keys.Metadata);

    public static TheoryData<string> Decoders => ["tree", "snapshot", "config", "pack-index", "index-file", "sealed-snapshot", "sealed-index-file"];

    [Theory]
    [MemberData(nameof(Decoders))]
    public void RandomBytes_RejectedWithFormatException(string decoder)
    {
        foreach (var input in HostileInput.RandomInputs(400, 600, seed: decoder.Length))
        {
            HostileInput.Rejects(() => Decode(decoder, input), $"{decoder} random {Convert.ToHexString(input)}");
        }
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void EveryByteMutated_DecodedOrRejected(string decoder)
    {
        var valid = Valid(decoder);
        foreach (var (position, mutated) in HostileInput.Mutations(valid))
        {
            var rejected = HostileInput.Rejects(() => Decode(decoder, mutated), $"{decoder} byte {position}");
            if (decoder.StartsWith("sealed", StringComparison.Ordinal))
            {
                Assert.True(rejected, $"{decoder}: a change at byte {position} was not detected.");
            }
        }
    }

    [Theory]
    [MemberData(nameof(Decoders))]
    public void EveryTruncation_Rejected(string decoder)
    {
        var valid = Valid(decoder);
        for (var length = 0; length < valid.Length; length++)
        {
            Assert.True(HostileInput.Rejects(() => Decode(decoder, valid[..length]), $"{decoder} cut at {length}"), $"{decoder} cut at {length} was accepted.");
        }
    }

    [Theory]
    [InlineData(new byte[] { 0x91, 0xDD, 0xFF, 0xFF, 0xFF, 0xFF })] // tree whose node array declares 4 G entries
    [InlineData(new byte[] { 0x91, 0x91, 0xDF, 0x7F, 0xFF, 0xFF, 0xFF })] // a node as a map of 2 G pairs
    [InlineData(new byte[] { 0x91, 0x91, 0x91, 0xDB, 0x7F, 0xFF, 0xFF, 0xFF })] // a name as a 2 GiB string
    [InlineData(new byte[] { 0x91, 0x91, 0xDC, 0x00, 0x10, 0xDB, 0x7F, 0xFF, 0xFF, 0xFF })] // 16 fields, the first a 2 GiB string
    [InlineData(new byte[] { 0x91, 0x91, 0xDC, 0x00, 0x10, 0xA1, 0x61, 0x01, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xC6, 0x7F, 0xFF, 0xFF, 0xFF })] // 2 GiB bin
    public void HugeDeclaredLengths_RejectedWithoutAllocating(byte[] payload)
    {
        var input = ObjectFormats.Tree.Header().Concat(payload).ToArray();
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, input, "tree x"));

        Assert.Equal("tree x", error.ObjectName);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024);
    }

    [Fact]
    public void DeepNesting_RejectedWithFormatException()
    {
        var input = ObjectFormats.Tree.Header().Concat(Enumerable.Repeat((byte)0x91, 100_000)).Append((byte)0xC0).ToArray();

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, input, "tree deep"));

        Assert.Equal(FormatErrorCodes.CorruptObject, error.Code);
    }

    private static byte[] Valid(string decoder) => decoder switch
    {
        "sealed-snapshot" => SealedObjects.Seal(ObjectFormats.Snapshot, FormatTestData.Snapshot(), Metadata),
        "sealed-index-file" => SealedObjects.Seal(ObjectFormats.IndexFile, FormatTestData.IndexFile(), Metadata),
        "snapshot" => GoldenFileTests.Encode("snapshot-v1"),
        "config" => GoldenFileTests.Encode("config-v1"),
        "pack-index" => GoldenFileTests.Encode("pack-index-v1"),
        "index-file" => GoldenFileTests.Encode("index-file-v1"),
        _ => GoldenFileTests.Encode("tree-v1"),
    };

    private static void Decode(string decoder, byte[] input)
    {
        _ = decoder switch
        {
            "tree" => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, input, "tree") as object,
            "snapshot" => FormatSerializer.DeserializePayload<Snapshot>(input, "snapshot"),
            "config" => FormatSerializer.DeserializePayload<SetConfig>(input, "config"),
            "pack-index" => FormatSerializer.DeserializePayload<PackIndex>(input, "pack index"),
            "index-file" => FormatSerializer.DeserializePayload<IndexFile>(input, "index file"),
            "sealed-snapshot" => SealedObjects.Open<Snapshot>(ObjectFormats.Snapshot, input, Metadata, "snapshots/x"),
            "sealed-index-file" => SealedObjects.Open<IndexFile>(ObjectFormats.IndexFile, input, Metadata, "index/x"),
            _ => throw new ArgumentOutOfRangeException(nameof(decoder)),
        };
    }
}
