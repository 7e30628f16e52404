using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Index;

namespace RetroGrid.Core.Backup;

/// <summary>How a <see cref="BackupEngine"/> uses the machine.</summary>
public sealed class BackupEngineOptions
{
    /// <summary>File readers, each reading, chunking, hashing, compressing, sealing and packing its files.</summary>
    public int Parallelism { get; set; } = Environment.ProcessorCount;

    /// <summary>Packs finished but not yet committed; a packer waits for the oldest commit beyond this.</summary>
    public int MaxPendingCommits { get; set; } = 4;

    /// <summary>How often progress is reported.</summary>
    public TimeSpan ProgressInterval { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Warnings kept in the snapshot; beyond this one summary warning counts the rest.</summary>
    public int MaxWarnings { get; set; } = 10_000;

    /// <summary>Directories on another device than their backup root (mount points) are recorded but not entered.</summary>
    public bool StayOnFileSystem { get; set; }

    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// Who answers "is it new?": null = the set's own index (a set opened locally); an agent under a controller passes
    /// the controller's fleet-wide index, so a blob another workstation stored is not uploaded again.
    /// </summary>
    public IMissingBlobFinder? BlobFinder { get; set; }

    /// <summary>
    /// Chunks gathered per "is it new?" query; null = the finder's <see cref="IMissingBlobFinder.QueryBatchSize"/>. Lets
    /// tests run the batched path a remote index will take with the local one.
    /// </summary>
    internal int? DedupBatchSize { get; set; }

    /// <summary>The OS seam; tests decorate it to inject changes and failures. Null = the platform's.</summary>
    internal IFileSystem? FileSystem { get; set; }

    internal void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(Parallelism, 1, nameof(Parallelism));
        ArgumentOutOfRangeException.ThrowIfLessThan(MaxPendingCommits, 1, nameof(MaxPendingCommits));
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(ProgressInterval, TimeSpan.Zero, nameof(ProgressInterval));
        ArgumentOutOfRangeException.ThrowIfNegative(MaxWarnings, nameof(MaxWarnings));
        ArgumentNullException.ThrowIfNull(TimeProvider);
    }
}
