using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Microsoft.Extensions.Time.Testing;

namespace RetroGrid.Dropbox.Tests;

public class DropboxErrorReaderTests
{
    private static readonly FakeTimeProvider Time = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    [Fact]
    public async Task ReadAsync_RouteError_TagPathRawErrorUserMessageAndRequestId()
    {
        var response = Json(HttpStatusCode.Conflict,
            """{"error_summary":"path/not_found/...","error":{".tag":"path","path":{".tag":"not_found"}},"user_message":{"text":"Nope","locale":"en"}}""");
        response.Headers.Add("X-Dropbox-Request-Id", "req-123");

        var error = await DropboxErrorReader.ReadAsync(response, "files/get_metadata", Time, TestContext.Current.CancellationToken);

        Assert.Equal(RetroGridErrorCodes.NotFound, error.Code);
        Assert.Equal("path/not_found", error.TagPath);
        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("req-123", error.RequestId);
        Assert.Equal("Nope", error.Detail);
        Assert.Equal("path", error.Error!.Value.GetProperty(".tag").GetString());
        Assert.StartsWith("RG1007 NotFound:", error.Message, StringComparison.Ordinal);
        Assert.Contains("files/get_metadata HTTP 409 path/not_found request-id req-123", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_429WithHeaderAndBody_TakesTheLarger()
    {
        var response = Json((HttpStatusCode)429, """{"error_summary":"too_many_requests/..","error":{"reason":{".tag":"too_many_requests"},"retry_after":300}}""");
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(10));

        var error = await DropboxErrorReader.ReadAsync(response, "files/upload", Time, TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(300), error.RetryAfter);
        Assert.Equal(RetroGridErrorCodes.RateLimited, error.Code);
        Assert.Equal("too_many_requests", error.TagPath);
    }

    [Fact]
    public async Task ReadAsync_PlainText429_HeaderOnly()
    {
        var response = new HttpResponseMessage((HttpStatusCode)429) { Content = new StringContent("too_many_requests", Encoding.UTF8, "text/plain") };
        response.Headers.RetryAfter = new RetryConditionHeaderValue(TimeSpan.FromSeconds(15));

        var error = await DropboxErrorReader.ReadAsync(response, "files/upload", Time, TestContext.Current.CancellationToken);

        Assert.Equal(TimeSpan.FromSeconds(15), error.RetryAfter);
        Assert.Null(error.TagPath);
        Assert.Equal("too_many_requests", error.Detail);
    }

    [Fact]
    public async Task ReadAsync_400PlainText_BadRequestWithText()
    {
        var response = new HttpResponseMessage(HttpStatusCode.BadRequest)
        {
            Content = new StringContent("Error in call to API function \"files/upload\": HTTP header \"Dropbox-API-Arg\": could not decode input as JSON", Encoding.UTF8, "text/plain"),
        };

        var error = await DropboxErrorReader.ReadAsync(response, "files/upload", Time, TestContext.Current.CancellationToken);

        Assert.Equal(RetroGridErrorCodes.BadRequest, error.Code);
        Assert.Contains("could not decode input as JSON", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_MissingScope_MessageNamesTheScope()
    {
        var response = Json(HttpStatusCode.Unauthorized, """{"error_summary":"missing_scope/...","error":{".tag":"missing_scope","required_scope":"files.content.write"}}""");

        var error = await DropboxErrorReader.ReadAsync(response, "files/upload", Time, TestContext.Current.CancellationToken);

        Assert.Equal(RetroGridErrorCodes.MissingScope, error.Code);
        Assert.Equal("files.content.write", error.RequiredScope);
        Assert.Contains("Required scope: files.content.write.", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadAsync_TokenEndpointInvalidGrant_NeedsReauthorization()
    {
        var response = Json(HttpStatusCode.BadRequest, """{"error":"invalid_grant","error_description":"refresh token is invalid or revoked"}""");

        var error = await DropboxErrorReader.ReadAsync(response, "oauth2/token", Time, TestContext.Current.CancellationToken);

        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, error.Code);
        Assert.Equal("invalid_grant", error.TagPath);
        Assert.Equal("refresh token is invalid or revoked", error.Detail);
    }

    [Fact]
    public async Task ReadAsync_IncorrectOffsetNested_CorrectOffsetFound()
    {
        var response = Json(HttpStatusCode.Conflict,
            """{"error_summary":"lookup_failed/incorrect_offset/..","error":{".tag":"lookup_failed","lookup_failed":{".tag":"incorrect_offset","correct_offset":8388608}}}""");

        var error = await DropboxErrorReader.ReadAsync(response, "files/upload_session/finish", Time, TestContext.Current.CancellationToken);

        Assert.Equal(8388608, error.CorrectOffset);
        Assert.Equal(RetroGridErrorCodes.UploadSessionLost, error.Code);
        Assert.True(error.HasTag("lookup_failed"));
        Assert.True(error.HasTag("lookup_failed/incorrect_offset"));
        Assert.False(error.HasTag("lookup"));
    }

    private static HttpResponseMessage Json(HttpStatusCode status, string json) => ScriptedHandler.Json(status, json);
}
