namespace RetroGrid.Dropbox;

/// <summary>Dropbox <c>SpaceUsage</c> from <c>users/get_space_usage</c>.</summary>
public sealed record DropboxSpaceUsage
{
    public long Used { get; init; }

    public DropboxSpaceAllocation Allocation { get; init; } = new();
}
