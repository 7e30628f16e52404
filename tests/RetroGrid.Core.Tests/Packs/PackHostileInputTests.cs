using System.Buffers.Binary;
using RetroGrid.Core.Errors;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Packs;
using RetroGrid.Core.Tests.Formats;
using RetroGrid.Core.Tests.Storage;

namespace RetroGrid.Core.Tests.Packs;

/// <summary>
/// Damaged packs: every single-byte change, every truncation and absurd trailer lengths. The reader must either
/// return exactly the original blobs or fail with RetroGridFormatException naming the pack — never a wrong blob.
/// </summary>
public class PackHostileInputTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task EveryByteMutated_DetectedOrHarmless()
    {
        var (store, result, valid) = await SmallPackAsync();
        var blobs = SmallBlobs();
        var reader = PackTestKit.Reader();
        var key = PackTestKit.Key(result.Name);
        var undetected = new List<int>();
        foreach (var (position, mutated) in HostileInput.Mutations(valid))
        {
            store.Objects[key] = mutated;
            var rejected = await HostileInput.RejectsAsync(async () =>
            {
                var entries = await reader.ReadIndexAsync(store, result.Name, mutated.Length, Ct);
                for (var i = 0; i < entries.Count; i++)
                {
                    Assert.Equal(blobs[i].Plaintext, await reader.ReadBlobAsync(store, result.Name, entries[i], Ct));
                }
            }, $"pack byte {position}");
            if (!rejected)
            {
                undetected.Add(position);
            }
        }

        // Only the leading header is not read when blobs are fetched by range; the pack name (its SHA-256) covers it.
        Assert.All(undetected, position => Assert.InRange(position, 0, PackLayout.HeaderSize - 1));
    }

    [Fact]
    public async Task EveryTruncation_RejectedNamingThePack()
    {
        var (store, result, valid) = await SmallPackAsync();
        var reader = PackTestKit.Reader();
        for (var length = 0; length < valid.Length; length++)
        {
            store.Objects[PackTestKit.Key(result.Name)] = valid[..length];
            var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => reader.ReadIndexAsync(store, result.Name, length, Ct));
            Assert.Equal($"packs/{result.Name[..2]}/{result.Name}", error.ObjectName);
        }
    }

    [Theory]
    [InlineData(int.MaxValue)]
    [InlineData(-1)]
    [InlineData(0)]
    [InlineData(27)]
    [InlineData(PackLayout.MaxIndexLength + 1)]
    public async Task TrailerDeclaresAbsurdIndexLength_RejectedWithoutAllocating(int declared)
    {
        var (store, result, valid) = await SmallPackAsync();
        BinaryPrimitives.WriteInt32LittleEndian(valid.AsSpan(valid.Length - PackLayout.TrailerSize), declared);
        store.Objects[PackTestKit.Key(result.Name)] = valid;
        var before = GC.GetAllocatedBytesForCurrentThread();

        var error = await Assert.ThrowsAsync<RetroGridFormatException>(() => PackTestKit.Reader().ReadIndexAsync(store, result.Name, valid.Length, Ct));

        Assert.Contains("does not fit", error.Message, StringComparison.Ordinal);
        Assert.InRange(GC.GetAllocatedBytesForCurrentThread() - before, 0, 1024 * 1024);
    }

    [Fact]
    public async Task RandomPacks_Rejected()
    {
        var store = new InMemoryBackupStore();
        var reader = PackTestKit.Reader();
        var name = new string('d', 64);
        foreach (var input in HostileInput.RandomInputs(300, 3000, seed: 11))
        {
            store.Objects[PackTestKit.Key(name)] = input;
            Assert.True(await HostileInput.RejectsAsync(() => reader.ReadIndexAsync(store, name, input.Length, Ct), "random pack"));
        }
    }

    /// <summary>The sample blobs without the large random one, so every-byte loops stay fast.</summary>
    private static List<(BlobType Type, byte[] Plaintext)> SmallBlobs() => [.. PackTestKit.SampleBlobs().Where(b => b.Plaintext.Length < 1000)];

    private static async Task<(InMemoryBackupStore Store, PackWriteResult Result, byte[] Bytes)> SmallPackAsync()
    {
        var store = new InMemoryBackupStore();
        var result = await PackTestKit.WritePackAsync(store, SmallBlobs(), Ct);
        return (store, result, store.Objects[PackTestKit.Key(result.Name)].ToArray());
    }
}
