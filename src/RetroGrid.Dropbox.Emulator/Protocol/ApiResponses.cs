using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Protocol;

/// <summary>Writes JSON, text and error answers in Dropbox's wire format.</summary>
internal static class ApiResponses
{
    private static readonly JsonWriterOptions BodyOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    // The default encoder escapes every non-ASCII character and every control character (0x7F included) as
    // \uXXXX, which is exactly the "HTTP header safe" rule of reference §1.4.
    private static readonly JsonWriterOptions HeaderOptions = new() { Encoder = JavaScriptEncoder.Default };

    public static async Task WriteJsonAsync(HttpContext context, JsonNode? body, int status, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var bytes = Serialize(body, BodyOptions);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    public static async Task WriteTextAsync(HttpContext context, string text, int status, CancellationToken cancellationToken)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        var bytes = Encoding.UTF8.GetBytes(text);
        context.Response.ContentLength = bytes.Length;
        await context.Response.Body.WriteAsync(bytes, cancellationToken);
    }

    /// <summary>Header-safe JSON for <c>Dropbox-API-Result</c>.</summary>
    public static string HeaderJson(JsonNode node) => Encoding.ASCII.GetString(Serialize(node, HeaderOptions));

    public static Task WriteErrorAsync(HttpContext context, string route, ApiErrorException error, CancellationToken cancellationToken)
    {
        if (error.RetryAfterSeconds is { } retryAfter)
        {
            context.Response.Headers.RetryAfter = retryAfter.ToString(CultureInfo.InvariantCulture);
        }

        if (error.Status == StatusCodes.Status401Unauthorized)
        {
            context.Response.Headers.WWWAuthenticate = "Bearer realm=\"Dropbox-API\"";
        }

        if (error.Error is null)
        {
            var text = error.Status == StatusCodes.Status400BadRequest
                ? $"Error in call to API function \"{route}\": {error.Text}"
                : error.Text ?? "";
            return WriteTextAsync(context, text, error.Status, cancellationToken);
        }

        var envelope = new JsonObject
        {
            ["error_summary"] = ErrorSummary.For(error.Error),
            ["error"] = error.Error.DeepClone(),
        };
        return WriteJsonAsync(context, envelope, error.Status, cancellationToken);
    }

    private static byte[] Serialize(JsonNode? node, JsonWriterOptions options)
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, options))
        {
            if (node is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                node.WriteTo(writer);
            }
        }

        return buffer.WrittenSpan.ToArray();
    }
}
