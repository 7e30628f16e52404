using System.Buffers;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Win32.SafeHandles;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// Streams a request body straight into a file at a position, hashing on the way, with one pooled buffer:
/// request bodies never sit in memory, so a 1 GiB upload costs a few hundred KiB of RAM.
/// </summary>
internal static class BodyReceiver
{
    private const int BufferSize = 512 * 1024;

    /// <summary>Fails fast on a declared Content-Length above the limit.</summary>
    public static void CheckDeclaredLength(HttpRequest request, long maxBytes)
    {
        if (request.ContentLength > maxBytes)
        {
            throw ApiErrorException.Route(Stone.Tag("payload_too_large"));
        }
    }

    /// <summary>True when the request has no body bytes (reads at most one byte to find out).</summary>
    public static async Task<bool> IsEmptyAsync(HttpRequest request, CancellationToken cancellationToken)
    {
        if (request.ContentLength is { } length)
        {
            return length == 0;
        }

        var probe = new byte[1];
        return await request.Body.ReadAsync(probe, cancellationToken) == 0;
    }

    public static async Task<long> ReceiveAsync(
        HttpRequest request,
        SafeFileHandle target,
        long position,
        long maxBytes,
        ContentHashAccumulator? first,
        ContentHashAccumulator? second,
        CancellationToken cancellationToken)
    {
        CheckDeclaredLength(request, maxBytes);
        var feature = request.HttpContext.Features.Get<IHttpMaxRequestBodySizeFeature>();
        if (feature is { IsReadOnly: false })
        {
            // Our own limit applies; Kestrel's would answer 413 instead of Dropbox's payload_too_large.
            feature.MaxRequestBodySize = null;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        long total = 0;
        try
        {
            while (true)
            {
                var filled = 0;
                while (filled < buffer.Length)
                {
                    var read = await request.Body.ReadAsync(buffer.AsMemory(filled), cancellationToken);
                    if (read == 0)
                    {
                        break;
                    }

                    filled += read;
                }

                if (filled == 0)
                {
                    return total;
                }

                total += filled;
                if (total > maxBytes)
                {
                    throw ApiErrorException.Route(Stone.Tag("payload_too_large"));
                }

                var chunk = buffer.AsSpan(0, filled);
                first?.Append(chunk);
                second?.Append(chunk);
                RandomAccess.Write(target, chunk, position + total - filled);
                if (filled < buffer.Length)
                {
                    return total;
                }
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
