using System.Net;
using System.Net.Http.Headers;

namespace RetroGrid.Dropbox;

/// <summary>
/// A download in progress: the file's metadata (from <c>Dropbox-API-Result</c>; it describes the whole file even for
/// a range) and the body as a stream. Dispose it to release the connection.
/// </summary>
public sealed class DropboxDownload : IDisposable, IAsyncDisposable
{
    private readonly HttpResponseMessage _response;

    internal DropboxDownload(HttpResponseMessage response, DropboxFileMetadata metadata, Stream content)
    {
        _response = response;
        Metadata = metadata;
        Content = content;
    }

    public DropboxFileMetadata Metadata { get; }

    /// <summary>The bytes (all of them, or the requested range). Whole-file downloads verify the content hash at the end.</summary>
    public Stream Content { get; }

    /// <summary>The number of bytes in <see cref="Content"/>, when the server said.</summary>
    public long? ContentLength => _response.Content.Headers.ContentLength;

    /// <summary>True for a 206 answer to a range request.</summary>
    public bool IsPartial => _response.StatusCode == HttpStatusCode.PartialContent;

    /// <summary>The <c>Content-Range</c> of a partial answer.</summary>
    public ContentRangeHeaderValue? ContentRange => _response.Content.Headers.ContentRange;

    public void Dispose()
    {
        Content.Dispose();
        _response.Dispose();
    }

    public async ValueTask DisposeAsync()
    {
        await Content.DisposeAsync().ConfigureAwait(false);
        _response.Dispose();
    }
}
