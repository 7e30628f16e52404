using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Storage;

namespace RetroGrid.Core.Tests.Backup;

/// <summary>A store that refuses every pack upload with <paramref name="failure"/>, as a full disk or a dead destination would.</summary>
internal sealed class FailingUploadStore(IBackupStore inner, Exception failure) : DelegatingBackupStore(inner)
{
    public override Task<IPackUpload> BeginPackUploadAsync(CancellationToken cancellationToken) => Task.FromException<IPackUpload>(failure);
}
