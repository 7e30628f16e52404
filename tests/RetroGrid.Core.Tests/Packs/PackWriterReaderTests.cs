using System.Buffers.Binary;
using System.Security.Cryptography;
using RetroGrid.Core.Crypto;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Storage;

namespace RetroGrid.Core.Tests.Packs;

public class PackWriterReaderTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task WriteThenRead_EveryBlob_RoundTripsAndIdsRecheck()
    {
        var store = new InMemoryBackupStore();
        var blobs = PackTestKit.SampleBlobs();

        var result = await PackTestKit.WritePackAsync(store, blobs, Ct);

        var reader = PackTestKit.Reader();
        var entries = await reader.ReadIndexAsync(store, result.Name, result.Length, Ct);
        Assert.Equal(result.Entries, entries);
        for (var i = 0; i < blobs.Count; i++)
        {
            Assert.Equal(blobs[i].Type, entries[i].Type);
            Assert.Equal(blobs[i].Plaintext, await reader.ReadBlobAsync(store, result.Name, entries[i], Ct));
        }

        Assert.True(entries[0].Compressed);
        Assert.False(entries[1].Compressed);
        Assert.False(entries[2].Compressed);
    }

    [Fact]
    public async Task Finish_Name_IsTheSha256OfThePackBytes()
    {
        var store = new InMemoryBackupStore();

        var result = await PackTestKit.WritePackAsync(store, PackTestKit.SampleBlobs(), Ct);

        var bytes = store.Objects[PackTestKit.Key(result.Name)];
        Assert.Equal(Convert.ToHexStringLower(SHA256.HashData(bytes)), result.Name);
        Assert.Equal(bytes.Length, result.Length);
        Assert.Equal("RGPK"u8.ToArray(), bytes[..4]);
        Assert.Equal("RGPK"u8.ToArray(), bytes[^6..^2]);
    }

    [Fact]
    public async Task Layout_BlobsTileTheDataArea_TrailerPointsAtIndex()
    {
        var store = new InMemoryBackupStore();

        var result = await PackTestKit.WritePackAsync(store, PackTestKit.SampleBlobs(), Ct);

        var bytes = store.Objects[PackTestKit.Key(result.Name)];
        var indexLength = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(bytes.Length - 10));
        var last = result.Entries[^1];
        Assert.Equal(6, result.Entries[0].Offset);
        Assert.Equal(bytes.Length - 10 - indexLength, last.Offset + last.Length);
        Assert.Equal(AeadSealer.Overhead, result.Entries[2].Length); // the empty blob: nonce and tag only
    }

    [Fact]
    public async Task Writer_StreamsBlobByBlob_SinkSeesBytesBeforeFinish()
    {
        var sink = new CountingSink();
        using var writer = new PackWriter(sink, FormatTestData.Keys, FormatTestData.Compressor, targetSize: 10_000);
        var data = FormatTestData.RandomBytes(6000, seed: 3);

        await writer.AddAsync(FormatTestData.Hasher.Compute(data), BlobType.Data, data, Ct);
        Assert.Equal(6 + 6000 + AeadSealer.Overhead, sink.Bytes);
        Assert.False(writer.IsFull);
        var more = FormatTestData.RandomBytes(6000, seed: 4);
        await writer.AddAsync(FormatTestData.Hasher.Compute(more), BlobType.Data, more, Ct);

        Assert.True(writer.IsFull);
        Assert.Equal(writer.Length, sink.Bytes);
    }

    [Fact]
    public async Task Add_SameIdTwice_Throws()
    {
        using var writer = new PackWriter(new CountingSink(), FormatTestData.Keys, FormatTestData.Compressor);
        await writer.AddAsync(FormatTestData.Id(1), BlobType.Data, new byte[10], Ct);

        await Assert.ThrowsAsync<ArgumentException>(async () => await writer.AddAsync(FormatTestData.Id(1), BlobType.Data, new byte[10], Ct));
    }

    [Fact]
    public async Task ReadBlob_WrongId_CorruptNamingPackAndBlob()
    {
        var store = new InMemoryBackupStore();
        var data = "data"u8.ToArray();
        await using var upload = await store.BeginPackUploadAsync(Ct);
        using var writer = new PackWriter(upload, FormatTestData.Keys, FormatTestData.Compressor);
        await writer.AddAsync(FormatTestData.Id(5), BlobType.Data, data, Ct); // an id that is not the hash of the data
        var result = await writer.FinishAsync(Ct);
        await upload.CompleteAsync(result.Name, result.Entries, Ct);

        var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => PackTestKit.Reader().ReadBlobAsync(store, result.Name, result.Entries[0], Ct));

        Assert.Equal(FormatErrorCodes.CorruptObject, error.Code);
        Assert.Equal($"packs/{result.Name[..2]}/{result.Name}", error.ObjectName);
        Assert.Contains(FormatTestData.Id(5).ToString(), error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadBlob_EntryRelabelledAsTree_FailsAuthentication()
    {
        var store = new InMemoryBackupStore();
        var result = await PackTestKit.WritePackAsync(store, PackTestKit.SampleBlobs(), Ct);

        var relabelled = result.Entries[0] with { Type = BlobType.Tree };
        var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => PackTestKit.Reader().ReadBlobAsync(store, result.Name, relabelled, Ct));

        Assert.Contains("fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadIndex_OtherSetsKeys_Corrupt()
    {
        var store = new InMemoryBackupStore();
        var result = await PackTestKit.WritePackAsync(store, PackTestKit.SampleBlobs(), Ct);
        var reader = new PackReader(FormatTestData.OtherKeys, FormatTestData.Compressor, FormatTestData.Hasher);

        var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => reader.ReadIndexAsync(store, result.Name, result.Length, Ct));

        Assert.Contains("index fails authentication", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadIndex_IndexLargerThanTailRead_ReadsItSeparately()
    {
        var store = new InMemoryBackupStore();
        var blobs = Enumerable.Range(0, 2000).Select(i => (BlobType.Data, BitConverter.GetBytes(i))).ToList();
        var result = await PackTestKit.WritePackAsync(store, blobs, Ct);

        var entries = await PackTestKit.Reader().ReadIndexAsync(store, result.Name, result.Length, Ct);

        Assert.Equal(2000, entries.Count);
        Assert.True(result.Length - result.Entries[^1].Offset > PackReader.TailReadSize);
    }

    private sealed class CountingSink : IPackSink
    {
        public long Bytes { get; private set; }

        public ValueTask WriteAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken)
        {
            Bytes += data.Length;
            return ValueTask.CompletedTask;
        }
    }
}
