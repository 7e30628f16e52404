using System.Globalization;
using RetroGrid.Dropbox.Emulator.Auth;
using RetroGrid.Dropbox.Emulator.Protocol;
using RetroGrid.Dropbox.Emulator.Storage;

namespace RetroGrid.Dropbox.Emulator.Routes;

/// <summary>
/// <c>files/download</c>: metadata in the header-safe <c>Dropbox-API-Result</c> header (it always describes the whole
/// file), bytes streamed from the blob; single byte ranges give 206 with <c>Content-Range</c>, an unsatisfiable
/// range 416; <c>If-None-Match</c> on the rev-based ETag gives 304.
/// </summary>
internal static class DownloadRoutes
{
    public static void Register(ApiRouter router) =>
        router.Add("files/download", RouteStyle.Download, Scopes.FilesContentRead, DownloadAsync);

    private static async Task DownloadAsync(ApiCall call)
    {
        var path = call.Args.RequiredPath("path", PathPatterns.Read);
        if (call.Args.OptionalRev("rev") is { } rev)
        {
            path = "rev:" + rev;
        }

        DownloadTarget target;
        try
        {
            target = call.Services.Files.OpenDownload(path);
        }
        catch (StoreException error)
        {
            throw ApiErrorException.Route(Stone.Nested("path", error.Error));
        }

        var response = call.Context.Response;
        var etag = $"\"{target.Rev}\"";
        response.Headers["Dropbox-API-Result"] = ApiResponses.HeaderJson(target.Metadata);
        response.Headers.ETag = etag;
        response.Headers.AcceptRanges = "bytes";
        response.ContentType = "application/octet-stream";
        if (call.Request.Headers.IfNoneMatch.ToString() == etag)
        {
            response.StatusCode = StatusCodes.Status304NotModified;
            return;
        }

        long start = 0;
        var length = target.Size;
        var range = call.Request.Headers.Range.ToString();
        if (range.Length > 0 && TryParseRange(range, target.Size, out var rangeStart, out var rangeLength))
        {
            if (rangeLength <= 0)
            {
                response.StatusCode = StatusCodes.Status416RangeNotSatisfiable;
                response.Headers.ContentRange = $"bytes */{target.Size}";
                response.ContentLength = 0;
                return;
            }

            (start, length) = (rangeStart, rangeLength);
            response.StatusCode = StatusCodes.Status206PartialContent;
            response.Headers.ContentRange = string.Create(CultureInfo.InvariantCulture, $"bytes {start}-{start + length - 1}/{target.Size}");
        }
        else
        {
            response.StatusCode = StatusCodes.Status200OK;
        }

        response.ContentLength = length;
        if (length > 0)
        {
            await response.SendFileAsync(target.BlobPath, start, length, call.CancellationToken);
        }
    }

    /// <summary>
    /// One range of <c>bytes=a-b</c>, <c>bytes=a-</c> or <c>bytes=-n</c>. False when the header is not a single
    /// byte range (then the whole file is sent); length 0 when the range cannot be satisfied.
    /// </summary>
    internal static bool TryParseRange(string header, long size, out long start, out long length)
    {
        start = length = 0;
        if (!header.StartsWith("bytes=", StringComparison.OrdinalIgnoreCase) || header.Contains(',', StringComparison.Ordinal))
        {
            return false;
        }

        var spec = header[6..].Trim();
        var dash = spec.IndexOf('-', StringComparison.Ordinal);
        if (dash < 0)
        {
            return false;
        }

        var first = spec[..dash];
        var last = spec[(dash + 1)..];
        const NumberStyles Style = NumberStyles.None;
        if (first.Length == 0)
        {
            if (!long.TryParse(last, Style, CultureInfo.InvariantCulture, out var suffix))
            {
                return false;
            }

            length = Math.Min(suffix, size);
            start = size - length;
            return true;
        }

        if (!long.TryParse(first, Style, CultureInfo.InvariantCulture, out start))
        {
            return false;
        }

        var end = size - 1;
        if (last.Length > 0)
        {
            if (!long.TryParse(last, Style, CultureInfo.InvariantCulture, out end) || end < start)
            {
                return false;
            }

            end = Math.Min(end, size - 1);
        }

        length = start >= size ? 0 : end - start + 1;
        return true;
    }
}
