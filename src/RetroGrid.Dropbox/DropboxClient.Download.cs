using System.Net;
using System.Text.Json;

namespace RetroGrid.Dropbox;

public sealed partial class DropboxClient
{
    /// <summary>
    /// <c>files/download</c>, streamed: returns once the headers arrive. <paramref name="path"/> may be <c>/…</c>,
    /// <c>id:…</c> or <c>rev:…</c>. With <paramref name="range"/> Dropbox answers 206 with only those bytes.
    /// The caller disposes the result.
    /// </summary>
    public async Task<DropboxDownload> DownloadAsync(string path, DropboxByteRange? range = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        const string Route = "files/download";
        var request = new DropboxRequest
        {
            Route = Route,
            Style = DropboxRouteStyle.Download,
            Arg = HeaderSafeJson.Serialize(new DownloadArg(path), DropboxJsonContext.Default.DownloadArg),
            Range = range,
        };
        var response = await _executor.SendAsync(request, null, cancellationToken).ConfigureAwait(false);
        try
        {
            if (!response.Headers.TryGetValues("Dropbox-API-Result", out var values) || values.FirstOrDefault() is not { } header)
            {
                throw UnexpectedAnswer(response, Route, "The answer has no Dropbox-API-Result header.", null);
            }

            DropboxFileMetadata metadata;
            try
            {
                metadata = JsonSerializer.Deserialize(HeaderSafeJson.DecodeHeaderValue(header), DropboxJsonContext.Default.DropboxFileMetadata)
                    ?? throw new JsonException("null metadata");
            }
            catch (JsonException ex)
            {
                throw UnexpectedAnswer(response, Route, "The Dropbox-API-Result header is not file metadata.", ex);
            }

            var body = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            if (Options.VerifyDownloads && response.StatusCode == HttpStatusCode.OK && metadata.ContentHash is { } expected)
            {
                body = new ContentHashVerifyingStream(body, expected, metadata.Size);
            }

            return new DropboxDownload(response, metadata, body);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>Downloads a whole file into <paramref name="destination"/>, verifying its content hash; returns its metadata.</summary>
    public async Task<DropboxFileMetadata> DownloadToAsync(string path, Stream destination, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(destination);
        var download = await DownloadAsync(path, cancellationToken: cancellationToken).ConfigureAwait(false);
        await using (download.ConfigureAwait(false))
        {
            await download.Content.CopyToAsync(destination, cancellationToken).ConfigureAwait(false);
            return download.Metadata;
        }
    }
}
