using System.Net.Http.Headers;

namespace RetroGrid.Dropbox;

/// <summary>An HTTP byte range for downloads: <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>.</summary>
public readonly record struct DropboxByteRange(long? From, long? To)
{
    public static DropboxByteRange Between(long from, long toInclusive) => new(from, toInclusive);

    public static DropboxByteRange StartingAt(long from) => new(from, null);

    public static DropboxByteRange LastBytes(long count) => new(null, count);

    internal RangeHeaderValue ToHeader() => new(From, To);
}
