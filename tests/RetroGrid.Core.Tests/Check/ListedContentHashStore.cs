using System.Runtime.CompilerServices;
using RetroGrid.Core.Storage;
using RetroGrid.Core.Tests.Storage;

namespace RetroGrid.Core.Check.Tests;

/// <summary>A store whose listing reports a content hash per pack, as Dropbox's does; everything else passes through.</summary>
internal sealed class ListedContentHashStore(IBackupStore inner, Func<BackupObjectInfo, string> contentHash) : DelegatingBackupStore(inner)
{
    public override async IAsyncEnumerable<BackupObjectInfo> ListAsync(BackupObjectKind kind, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var info in Inner.ListAsync(kind, cancellationToken))
        {
            yield return kind == BackupObjectKind.Pack ? info with { ContentHash = contentHash(info) } : info;
        }
    }
}
