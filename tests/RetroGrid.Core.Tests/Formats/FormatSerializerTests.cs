using MessagePack;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;

namespace RetroGrid.Core.Tests.Formats;

public class FormatSerializerTests
{
    [Fact]
    public void Tree_RoundTrip_KeepsEveryField()
    {
        var tree = FormatTestData.Tree();

        var decoded = FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, FormatSerializer.Serialize(ObjectFormats.Tree, tree), "tree");

        Assert.Equal(["empty", "fifo", "link", "zeta.txt", "Ärger"], decoded.Nodes.Select(n => n.Name));
        var file = decoded.Nodes[3];
        Assert.Equal(tree.Nodes[3] with { Content = file.Content, Xattrs = file.Xattrs }, file);
        Assert.Equal(tree.Nodes[3].Content, file.Content);
        Assert.Equal(["user.a", "user.b"], file.Xattrs!.Select(x => x.Name));
        Assert.Equal([1, 2], file.Xattrs![0].Value);
        Assert.Equal(FormatTestData.Id(9), decoded.Nodes[4].Subtree);
        Assert.Equal(-5, decoded.Nodes[4].MtimeUnixNs);
    }

    [Fact]
    public void Tree_SameNodesInAnotherOrder_EncodesToSameBytes()
    {
        var nodes = FormatTestData.Tree().Nodes;

        var forward = FormatSerializer.Serialize(ObjectFormats.Tree, Tree.Create(nodes));
        var backward = FormatSerializer.Serialize(ObjectFormats.Tree, Tree.Create(nodes.Reverse()));

        Assert.Equal(forward, backward);
    }

    [Fact]
    public void BlobId_Encoded_Is32ByteBin()
    {
        var bytes = MessagePackSerializer.Serialize(FormatTestData.Id(7), FormatSerializer.Options, TestContext.Current.CancellationToken);

        Assert.Equal(34, bytes.Length);
        Assert.Equal(0xC4, bytes[0]);
        Assert.Equal(32, bytes[1]);
    }

    [Fact]
    public void Snapshot_RoundTrip_KeepsEveryField()
    {
        var snapshot = FormatTestData.Snapshot();

        var decoded = FormatSerializer.DeserializePayload<Snapshot>(FormatSerializer.SerializePayload(snapshot), "snapshots/x");

        Assert.Equal(snapshot.Statistics, decoded.Statistics);
        Assert.Equal(snapshot.Warnings.Single(), decoded.Warnings.Single());
        Assert.Equal(snapshot.Paths, decoded.Paths);
        Assert.Equal(snapshot with { Paths = decoded.Paths, Tags = decoded.Tags, Warnings = decoded.Warnings, Statistics = decoded.Statistics }, decoded);
    }

    [Fact]
    public void Deserialize_WrongMagic_CorruptObjectNamingTheObject()
    {
        var bytes = FormatSerializer.Serialize(ObjectFormats.Snapshot, FormatTestData.Snapshot());

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, bytes, "tree 1234"));

        Assert.Equal(FormatErrorCodes.CorruptObject, error.Code);
        Assert.Equal("tree 1234", error.ObjectName);
        Assert.Contains("RGTR magic", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_NewerVersion_UnsupportedVersion()
    {
        var bytes = FormatSerializer.Serialize(ObjectFormats.Tree, FormatTestData.Tree());
        bytes[4] = 2;

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, bytes, "tree"));

        Assert.Equal(FormatErrorCodes.UnsupportedVersion, error.Code);
        Assert.Contains("version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_TrailingBytes_CorruptObject()
    {
        var bytes = FormatSerializer.Serialize(ObjectFormats.Tree, FormatTestData.Tree()).Append((byte)0xC0).ToArray();

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, bytes, "tree"));

        Assert.Contains("1 bytes follow", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Deserialize_UnsortedNodes_CorruptObject()
    {
        var nodes = FormatTestData.Tree().Nodes.Reverse().ToArray();
        var bytes = FormatSerializer.Serialize(ObjectFormats.Tree, new Tree { Nodes = nodes });

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, bytes, "tree"));

        Assert.Contains("out of order", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("..")]
    [InlineData("a/b")]
    [InlineData("")]
    public void Deserialize_PathLikeNodeName_CorruptObject(string name)
    {
        var bytes = FormatSerializer.Serialize(ObjectFormats.Tree, new Tree { Nodes = [new TreeNode { Name = name, Kind = NodeKind.Other }] });

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, bytes, "tree"));

        Assert.Equal(FormatErrorCodes.CorruptObject, error.Code);
    }

    [Fact]
    public void Deserialize_DirectoryWithoutSubtree_CorruptObject()
    {
        var bytes = FormatSerializer.Serialize(ObjectFormats.Tree, new Tree { Nodes = [new TreeNode { Name = "d", Kind = NodeKind.Directory }] });

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.Deserialize<Tree>(ObjectFormats.Tree, bytes, "tree"));

        Assert.Contains("directory without a subtree", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SealedObject_RoundTrip_AndWrongKeyOrTamper_Corrupt()
    {
        var sealer = new AeadSealer(FormatTestData.Keys.Metadata);
        var bytes = SealedObjects.Seal(ObjectFormats.Config, FormatTestData.Config(), sealer);

        Assert.Equal(FormatTestData.Config().ChunkerSeed, SealedObjects.Open<SetConfig>(ObjectFormats.Config, bytes, sealer, "config").ChunkerSeed);
        var other = new AeadSealer(FormatTestData.OtherKeys.Metadata);
        Assert.Equal(FormatErrorCodes.CorruptObject, Assert.Throws<RetroGridFormatException>(() => SealedObjects.Open<SetConfig>(ObjectFormats.Config, bytes, other, "config")).Code);
        bytes[^1] ^= 1;
        var error = Assert.Throws<RetroGridFormatException>(() => SealedObjects.Open<SetConfig>(ObjectFormats.Config, bytes, sealer, "config"));
        Assert.Contains("fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SealedObject_HeaderSwappedToAnotherKind_Fails()
    {
        var sealer = new AeadSealer(FormatTestData.Keys.Metadata);
        var bytes = SealedObjects.Seal(ObjectFormats.Snapshot, FormatTestData.Snapshot(), sealer);
        ObjectFormats.IndexFile.WriteHeader(bytes);

        var error = Assert.Throws<RetroGridFormatException>(() => SealedObjects.Open<IndexFile>(ObjectFormats.IndexFile, bytes, sealer, "index/ab"));

        Assert.Equal("index/ab", error.ObjectName);
    }

    [Fact]
    public void SetConfig_BadSeedLength_CorruptObject()
    {
        var bytes = FormatSerializer.SerializePayload(FormatTestData.Config() with { ChunkerSeed = [1, 2, 3] });

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.DeserializePayload<SetConfig>(bytes, "config"));

        Assert.Contains("seed", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void SetConfig_OlderWriterWithFewerKeys_MissingKeysDefault()
    {
        var full = FormatSerializer.SerializePayload(FormatTestData.Config());
        var withoutLastKey = full.ToArray();
        withoutLastKey[0] = 0x98; // fixarray of 8 instead of 9; the last element (CreatedUnixNs, int64) is cut off
        withoutLastKey = withoutLastKey[..^9];

        var decoded = FormatSerializer.DeserializePayload<SetConfig>(withoutLastKey, "config");

        Assert.Equal(0, decoded.CreatedUnixNs);
        Assert.Equal(FormatTestData.Config().PackTargetSize, decoded.PackTargetSize);
    }

    [Fact]
    public void SetConfig_NewerWriterWithExtraKey_ExtraKeyIgnored()
    {
        var full = FormatSerializer.SerializePayload(FormatTestData.Config());
        var withExtraKey = full.Append((byte)0x2A).ToArray();
        withExtraKey[0] = 0x9A; // fixarray of 10: a key 9 this build does not know

        var decoded = FormatSerializer.DeserializePayload<SetConfig>(withExtraKey, "config");

        Assert.Equal(FormatTestData.Config().CreatedUnixNs, decoded.CreatedUnixNs);
    }

    [Fact]
    public void Snapshot_ParentOutsideTheNamingRules_CorruptObject()
    {
        var bytes = FormatSerializer.SerializePayload(FormatTestData.Snapshot() with { Parent = "../config" });

        var error = Assert.Throws<RetroGridFormatException>(() => FormatSerializer.DeserializePayload<Snapshot>(bytes, "snapshots/ab"));

        Assert.Contains("parent", error.Message, StringComparison.Ordinal);
    }
}
