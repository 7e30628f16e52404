namespace RetroGrid.Core.Restore;

/// <summary>What to restore, and where.</summary>
/// <param name="SnapshotName">The snapshot's object name (as listed under <c>snapshots/</c>).</param>
/// <param name="TargetDirectory">Created if missing; the snapshot's top-level entries are restored into it.</param>
public sealed record RestoreRequest(string SnapshotName, string TargetDirectory)
{
    /// <summary>
    /// Globs matched against the path inside the snapshot (e.g. <c>src/**/*.cs</c>; '/' separated, starting with a
    /// top-level entry's name). A matching directory is restored whole. Empty = everything.
    /// </summary>
    public IReadOnlyList<string> Includes { get; init; } = [];

    public ExistingFilePolicy ExistingFiles { get; init; } = ExistingFilePolicy.SkipIdentical;
}
