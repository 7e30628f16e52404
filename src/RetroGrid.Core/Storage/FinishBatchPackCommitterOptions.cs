namespace RetroGrid.Core.Storage;

/// <summary>When <see cref="FinishBatchPackCommitter"/> sends a batch.</summary>
public sealed class FinishBatchPackCommitterOptions
{
    /// <summary>Dropbox's limit for one <c>finish_batch_v2</c> call.</summary>
    public const int MaxBatchSize = 1000;

    /// <summary>Send as soon as this many sessions wait.</summary>
    public int BatchSize { get; set; } = 32;

    /// <summary>Send at most this long after the first session of a batch arrived, however few wait.</summary>
    public TimeSpan FlushDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public void Validate()
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(BatchSize, 1, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(BatchSize, MaxBatchSize, nameof(BatchSize));
        ArgumentOutOfRangeException.ThrowIfLessThan(FlushDelay, TimeSpan.Zero, nameof(FlushDelay));
    }
}
