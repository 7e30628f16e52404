using RetroGrid.Core.Storage;
using RetroGrid.Testing;

namespace RetroGrid.Core.Tests.Storage;

public sealed class LocalFolderStoreTests : BackupStoreContractTests
{
    private readonly TempDirectory _directory = new();

    public override ValueTask DisposeAsync()
    {
        _directory.Dispose();
        return base.DisposeAsync();
    }

    [Fact]
    public async Task PackUpload_BeforeComplete_OnlyATempFileExists()
    {
        await using var upload = await Store.BeginPackUploadAsync(Ct);
        await upload.WriteAsync(new byte[100], Ct);

        Assert.False(Directory.Exists(Path.Combine(_directory.Path, "packs")));
        Assert.Single(Directory.GetFiles(Path.Combine(_directory.Path, LocalFolderStore.TempFolder)));
        await upload.CompleteAsync(new string('b', 64), [], Ct);

        Assert.True(File.Exists(Path.Combine(_directory.Path, "packs", "bb", new string('b', 64))));
        Assert.Empty(Directory.GetFiles(Path.Combine(_directory.Path, LocalFolderStore.TempFolder)));
    }

    [Theory]
    [InlineData("../x")]
    [InlineData("AB")]
    [InlineData("a")]
    public async Task Write_NameOutsideTheRules_Rejected(string name) =>
        await Assert.ThrowsAsync<ArgumentException>(() => Store.WriteAsync(BackupObjectKind.Snapshot, name, new byte[1], Ct));

    protected override Task<IBackupStore> CreateStoreAsync(CancellationToken cancellationToken) =>
        Task.FromResult<IBackupStore>(new LocalFolderStore(_directory.Path));
}
