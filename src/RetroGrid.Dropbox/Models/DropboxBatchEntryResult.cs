namespace RetroGrid.Dropbox;

/// <summary>One entry of a batch result, in request order: either metadata or a failure.</summary>
public sealed record DropboxBatchEntryResult<TMetadata>(TMetadata? Metadata, DropboxError? Failure)
    where TMetadata : DropboxMetadata
{
    public bool IsSuccess => Failure is null;
}
