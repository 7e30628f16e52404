using RetroGrid.Core.Errors;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Repository;
using RetroGrid.Core.Storage;

namespace RetroGrid.Core.Check;

/// <summary>
/// Walks every snapshot's trees (each distinct tree once) and looks up every referenced data blob in the index, so a
/// missing or unreadable object is reported with the snapshot and path that need it.
/// </summary>
internal sealed class StructureChecker
{
    private readonly BackupSet _set;
    private readonly ProblemCollector _problems;
    private readonly HashSet<BlobId> _trees = [];
    private readonly HashSet<BlobId> _dataBlobs = [];

    public StructureChecker(BackupSet set, ProblemCollector problems)
    {
        _set = set;
        _problems = problems;
    }

    public int Snapshots { get; private set; }

    public int Trees => _trees.Count;

    public long DataBlobs => _dataBlobs.Count;

    public async Task RunAsync(IProgress<CheckProgress>? progress, CancellationToken cancellationToken)
    {
        var names = await _set.ListSnapshotsAsync(cancellationToken).ConfigureAwait(false);
        foreach (var name in names)
        {
            var snapshotObject = BackupObjectNames.RelativePath(BackupObjectKind.Snapshot, name);
            try
            {
                var snapshot = await _set.LoadSnapshotAsync(name, cancellationToken).ConfigureAwait(false);
                await WalkAsync(snapshotObject, snapshot.RootTree, cancellationToken).ConfigureAwait(false);
            }
            catch (RetroGridFormatException ex)
            {
                _problems.Add(CheckArea.Structure, ex);
            }

            Snapshots++;
            progress?.Report(new CheckProgress(CheckArea.Structure, Snapshots, names.Count, 0));
        }
    }

    private async Task WalkAsync(string snapshotObject, BlobId rootTree, CancellationToken cancellationToken)
    {
        var pending = new Stack<(BlobId Tree, string Path)>();
        pending.Push((rootTree, "/"));
        while (pending.TryPop(out var item))
        {
            if (!_trees.Add(item.Tree))
            {
                continue; // an unchanged directory shared with an earlier snapshot: already checked
            }

            Tree tree;
            try
            {
                tree = await _set.LoadTreeAsync(item.Tree, cancellationToken).ConfigureAwait(false);
            }
            catch (RetroGridFormatException ex)
            {
                _problems.Add(CheckArea.Structure, ex.Code, ex.ObjectName, $"{ProblemCollector.Detail(ex)} Needed by {snapshotObject} for {item.Path}.");
                continue;
            }

            foreach (var node in tree.Nodes)
            {
                var path = item.Path == "/" ? "/" + node.Name : $"{item.Path}/{node.Name}";
                if (node.Subtree is { } subtree)
                {
                    pending.Push((subtree, path));
                }

                foreach (var blob in node.Content ?? [])
                {
                    await CheckDataBlobAsync(blob, snapshotObject, path, cancellationToken).ConfigureAwait(false);
                }
            }
        }
    }

    private async Task CheckDataBlobAsync(BlobId id, string snapshotObject, string path, CancellationToken cancellationToken)
    {
        if (!_dataBlobs.Add(id))
        {
            return;
        }

        var location = await _set.Index.LookupAsync(id, cancellationToken).ConfigureAwait(false);
        if (location is null)
        {
            _problems.Add(
                CheckArea.Structure, FormatErrorCodes.MissingObject, $"blob {id}", $"no readable pack holds this blob; needed by {snapshotObject} for {path}.");
        }
        else if (location.Value.Entry.Type != BlobType.Data)
        {
            _problems.Add(
                CheckArea.Structure, FormatErrorCodes.CorruptObject, $"blob {id}",
                $"{snapshotObject} uses it as file content for {path}, but it is stored as {location.Value.Entry.Type}.");
        }
    }
}
