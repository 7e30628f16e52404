using System.IO.Compression;
using RetroGrid.Core.Compression;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Tests.Formats;

/// <summary>Fixed keys, test doubles and sample objects shared by the format, pack, index and repository tests.</summary>
internal static class FormatTestData
{
    public static SetKeys Keys { get; } = SetKeys.FromMasterKey(Enumerable.Range(1, 32).Select(i => (byte)i).ToArray());

    public static SetKeys OtherKeys { get; } = SetKeys.FromMasterKey(new byte[32]);

    public static IBlobIdHasher Hasher { get; } = new HmacBlobIdHasher(Keys.Id);

    /// <summary>Brotli through the span API: a real compressor, independent of the zstd one under test elsewhere.</summary>
    public static IBlobCompressor Compressor { get; } = new BrotliTestCompressor();

    public static BlobId Id(byte fill) => BlobId.FromBytes(Enumerable.Repeat(fill, BlobId.Size).ToArray());

    public static byte[] RandomBytes(int length, int seed)
    {
        var bytes = new byte[length];
        new Random(seed).NextBytes(bytes);
        return bytes;
    }

    public static SetConfig Config() => new()
    {
        SetId = "0123456789abcdef0123456789abcdef",
        FormatVersion = 1,
        ChunkerMinSize = 256 * 1024,
        ChunkerAverageSize = 1024 * 1024,
        ChunkerMaxSize = 4 * 1024 * 1024,
        ChunkerSeed = Enumerable.Range(0, 32).Select(i => (byte)(i * 7)).ToArray(),
        CompressionLevel = 3,
        PackTargetSize = 32 * 1024 * 1024,
        CreatedUnixNs = 1_764_806_400_000_000_000,
    };

    public static Tree Tree() => global::RetroGrid.Core.Formats.Tree.Create(
    [
        new TreeNode
        {
            Name = "zeta.txt", Kind = NodeKind.File, Size = 3_000_000, Mode = 0x81A4, Uid = 1000, Gid = 1000, UserName = "ada", GroupName = "staff",
            MtimeUnixNs = 1_700_000_000_123_456_789, CtimeUnixNs = 1_700_000_001_000_000_000, Inode = 424242, Device = 2049,
            Content = [Id(1), Id(2), Id(3)],
            Xattrs = [new Xattr { Name = "user.a", Value = [1, 2] }, new Xattr { Name = "user.b", Value = [] }],
        },
        new TreeNode { Name = "Ärger", Kind = NodeKind.Directory, Mode = 0x41ED, Subtree = Id(9), MtimeUnixNs = -5 },
        new TreeNode { Name = "link", Kind = NodeKind.Symlink, Mode = 0xA1FF, LinkTarget = "../zeta.txt" },
        new TreeNode { Name = "empty", Kind = NodeKind.File, Content = [] },
        new TreeNode { Name = "fifo", Kind = NodeKind.Other, Mode = 0x11A4 },
    ]);

    public static Snapshot Snapshot() => new()
    {
        TimeUnixNs = 1_764_806_400_000_000_000,
        Host = "ws-042",
        AgentId = "agent-7",
        Paths = ["/home/ada", "/etc"],
        RootTree = Id(0xAB),
        Parent = "00ff00ff",
        Tags = ["daily"],
        Statistics = new SnapshotStatistics
        {
            FilesScanned = 10, DirectoriesScanned = 2, BytesScanned = 1_000_000, FilesNew = 3, BytesNew = 5000, BytesUploaded = 4000, DurationNs = 1_500_000_000,
        },
        Warnings = [new SnapshotWarning { Path = "/home/ada/secret", Kind = SnapshotWarningKind.PermissionDenied, Message = "Access denied." }],
    };

    public static PackIndex PackIndex() => new()
    {
        Entries =
        [
            new PackIndexEntry(Id(1), BlobType.Data, 6, 1028, 1000, false),
            new PackIndexEntry(Id(2), BlobType.Tree, 1034, 128, 5000, true),
        ],
    };

    public static IndexFile IndexFile() => new()
    {
        Packs = [new IndexFilePack { PackName = new string('c', 64), PackLength = 2000, Entries = PackIndex().Entries }],
    };

    private sealed class BrotliTestCompressor : IBlobCompressor
    {
        public int TryCompress(ReadOnlySpan<byte> raw, Span<byte> destination) =>
            BrotliEncoder.TryCompress(raw, destination, out var written, 1, 22) && written < raw.Length ? written : -1;

        public bool TryDecompress(ReadOnlySpan<byte> compressed, Span<byte> raw)
        {
            if (raw.IsEmpty)
            {
                return compressed.IsEmpty;
            }

            // Decode into one spare byte so output longer than the recorded raw length is caught.
            var buffer = new byte[raw.Length + 1];
            if (!BrotliDecoder.TryDecompress(compressed, buffer, out var written) || written != raw.Length)
            {
                return false;
            }

            buffer.AsSpan(0, written).CopyTo(raw);
            return true;
        }
    }
}
