using RetroGrid.Core.Backup;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Tests.Backup;

public class PendingDirectoryTests
{
    [Fact]
    public void Complete_DropsTheEntriesAndKeepsTheTreeId()
    {
        // A finished folder can wait long for its parent's listing (children are listed first): holding its nodes until
        // then made a backup's memory grow with the number of files (640 MiB for a million files in 1,000 folders).
        var directory = new PendingDirectory("/data/d0001", 1000);
        directory.Slots[0] = new TreeNode { Name = "f0000001.txt", Kind = NodeKind.File };
        var id = BlobId.Parse(new string('a', 64));

        directory.Complete(id);

        Assert.Empty(directory.Slots);
        Assert.Equal(id, directory.TreeId);
    }
}
