using System.Net.Http.Headers;
using System.Text.Json;

namespace RetroGrid.Benchmarks.Dropbox;

/// <summary>
/// The local limit the client is measured against: the same upload-session requests, built by hand on a bare
/// <see cref="HttpClient"/>, with no hashing, retries, token handling or typed errors.
/// </summary>
internal static class BareHttpUpload
{
    public static async Task UploadAsync(HttpClient http, string token, Stream source, int chunkSize, string path, CancellationToken cancellationToken)
    {
        var sessionId = await SendAsync(http, token, "files/upload_session/start", """{"close":false}""", Stream.Null, 0, cancellationToken);
        var id = JsonDocument.Parse(sessionId).RootElement.GetProperty("session_id").GetString()!;

        long offset = 0;
        while (offset < source.Length)
        {
            var length = (int)Math.Min(chunkSize, source.Length - offset);
            var arg = JsonSerializer.Serialize(new { cursor = new { session_id = id, offset }, close = false });
            await SendAsync(http, token, "files/upload_session/append_v2", arg, source, length, cancellationToken);
            offset += length;
        }

        var finish = JsonSerializer.Serialize(new { cursor = new { session_id = id, offset }, commit = new { path, mode = "overwrite" } });
        await SendAsync(http, token, "files/upload_session/finish", finish, Stream.Null, 0, cancellationToken);
    }

    private static async Task<string> SendAsync(HttpClient http, string token, string route, string arg, Stream source, int length, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "2/" + route);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Add("Dropbox-API-Arg", arg);
        request.Content = new StreamContent(new LengthLimitedStream(source, length), 1 << 20);
        request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        request.Content.Headers.ContentLength = length;
        using var response = await http.SendAsync(request, cancellationToken);
        var body = await response.Content.ReadAsStringAsync(cancellationToken);
        return response.IsSuccessStatusCode ? body : throw new HttpRequestException($"{route}: {(int)response.StatusCode} {body}");
    }
}
