using System.Text;
using System.Text.Json;

namespace RetroGrid.Dropbox;

/// <summary>Turns a non-success Dropbox answer into a <see cref="DropboxApiException"/>.</summary>
internal static class DropboxErrorReader
{
    // Error bodies are small; a bound keeps a misbehaving server from making us buffer a download as an error.
    private const int MaxErrorBodyBytes = 64 * 1024;

    public static async Task<DropboxApiException> ReadAsync(
        HttpResponseMessage response, string route, TimeProvider timeProvider, CancellationToken cancellationToken)
    {
        var status = response.StatusCode;
        var requestId = response.Headers.TryGetValues("X-Dropbox-Request-Id", out var ids) ? ids.FirstOrDefault() : null;
        var body = await ReadBoundedAsync(response, cancellationToken).ConfigureAwait(false);

        JsonElement? error = null;
        string? tagPath = null;
        string? detail = null;
        long? bodyRetryAfter = null;
        if (LooksLikeJson(response, body) && TryParse(body, out var root))
        {
            if (route == DropboxErrorClassifier.TokenRoute)
            {
                error = root;
                tagPath = GetString(root, "error");
                detail = GetString(root, "error_description");
            }
            else if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("error", out var errorElement))
            {
                error = errorElement.Clone();
                tagPath = errorElement.ValueKind switch
                {
                    JsonValueKind.Object => DropboxErrorTags.GetTagPath(errorElement),
                    JsonValueKind.String => errorElement.GetString(),
                    _ => null,
                };
                if (errorElement.ValueKind == JsonValueKind.Object && errorElement.TryGetProperty("retry_after", out var ra)
                    && ra.ValueKind == JsonValueKind.Number && ra.TryGetInt64(out var seconds))
                {
                    bodyRetryAfter = seconds;
                }

                if (root.TryGetProperty("user_message", out var userMessage) && userMessage.ValueKind == JsonValueKind.Object)
                {
                    detail = GetString(userMessage, "text");
                }
            }
            else
            {
                error = root;
            }
        }
        else if (body.Length > 0)
        {
            detail = body.Trim();
        }

        var retryAfter = GetRetryAfter(response, bodyRetryAfter, timeProvider);
        var code = DropboxErrorClassifier.Classify(route, status, tagPath);
        return new DropboxApiException(code, route, status, tagPath, error, requestId, retryAfter, detail);
    }

    /// <summary>The larger of the <c>Retry-After</c> header and the body's <c>retry_after</c>; null if neither is present.</summary>
    internal static TimeSpan? GetRetryAfter(HttpResponseMessage response, long? bodySeconds, TimeProvider timeProvider)
    {
        TimeSpan? header = null;
        if (response.Headers.RetryAfter is { } value)
        {
            header = value.Delta ?? (value.Date is { } date ? date - timeProvider.GetUtcNow() : null);
            if (header < TimeSpan.Zero)
            {
                header = TimeSpan.Zero;
            }
        }

        TimeSpan? body = bodySeconds is { } s && s >= 0 ? TimeSpan.FromSeconds(s) : null;
        return (header, body) switch
        {
            ({ } h, { } b) => h > b ? h : b,
            ({ } h, null) => h,
            (null, { } b) => b,
            _ => null,
        };
    }

    private static bool LooksLikeJson(HttpResponseMessage response, string body) =>
        response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true
        || body.TrimStart().StartsWith('{');

    private static bool TryParse(string body, out JsonElement root)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
            return true;
        }
        catch (JsonException)
        {
            root = default;
            return false;
        }
    }

    private static string? GetString(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;

    private static async Task<string> ReadBoundedAsync(HttpResponseMessage response, CancellationToken cancellationToken)
    {
        try
        {
            var stream = await response.Content.ReadAsStreamAsync(cancellationToken).ConfigureAwait(false);
            await using (stream.ConfigureAwait(false))
            {
                var buffer = new byte[MaxErrorBodyBytes];
                var total = 0;
                int read;
                while (total < buffer.Length
                    && (read = await stream.ReadAsync(buffer.AsMemory(total), cancellationToken).ConfigureAwait(false)) > 0)
                {
                    total += read;
                }

                return Encoding.UTF8.GetString(buffer, 0, total);
            }
        }
        catch (Exception ex) when (ex is HttpRequestException or IOException)
        {
            // The status already tells what happened; a body cut short only loses detail.
            return string.Empty;
        }
    }
}
