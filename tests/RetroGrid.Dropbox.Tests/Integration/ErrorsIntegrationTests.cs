using System.Net;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public class ErrorsIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task GetMetadata_Missing_NotFoundWithTagPath()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => dropbox.Client().GetMetadataAsync("/nope", cancellationToken: Ct).DefaultTimeout());

        Assert.Equal(HttpStatusCode.Conflict, error.StatusCode);
        Assert.Equal("path/not_found", error.TagPath);
        Assert.Equal(RetroGridErrorCodes.NotFound, error.Code);
        Assert.NotNull(error.RequestId);
        Assert.NotNull(error.Error);
    }

    [Fact]
    public async Task Upload_AddModeDifferentContent_ConflictButIdenticalContentIsFine()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var first = await client.UploadFileAsync(new byte[] { 1 }, new DropboxCommitInfo("/a"), Ct).DefaultTimeout();

        var same = await client.UploadFileAsync(new byte[] { 1 }, new DropboxCommitInfo("/a"), Ct).DefaultTimeout();
        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.UploadFileAsync(new byte[] { 2 }, new DropboxCommitInfo("/a"), Ct).DefaultTimeout());

        Assert.Equal(first.Rev, same.Rev);
        Assert.Equal("path/conflict/file", error.TagPath);
        Assert.Equal(RetroGridErrorCodes.Conflict, error.Code);
    }

    [Fact]
    public async Task Upload_UpdateWithStaleRev_Conflict()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var v1 = await client.UploadFileAsync(new byte[] { 1 }, new DropboxCommitInfo("/u"), Ct).DefaultTimeout();
        await client.UploadFileAsync(new byte[] { 2 }, new DropboxCommitInfo("/u") { Mode = DropboxWriteMode.Overwrite }, Ct).DefaultTimeout();

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => client.UploadFileAsync(new byte[] { 3 }, new DropboxCommitInfo("/u") { Mode = DropboxWriteMode.Update(v1.Rev) }, Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.Conflict, error.Code);
    }

    [Fact]
    public async Task CreateFolder_Existing_ConflictFolder()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        await client.CreateFolderAsync("/f", cancellationToken: Ct).DefaultTimeout();

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.CreateFolderAsync("/F", cancellationToken: Ct).DefaultTimeout());

        Assert.Equal("path/conflict/folder", error.TagPath);
    }

    [Fact]
    public async Task Upload_OverQuota_InsufficientSpace()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(o => o.QuotaBytes = 100, Ct);

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => dropbox.Client().UploadFileAsync(new byte[200], new DropboxCommitInfo("/big"), Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.InsufficientSpace, error.Code);
        Assert.Equal("path/insufficient_space", error.TagPath);
    }

    [Fact]
    public async Task Upload_PathWithoutSlash_400PlainTextBadRequest()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => dropbox.Client().UploadFileAsync(new byte[1], new DropboxCommitInfo("no-slash"), Ct).DefaultTimeout());

        Assert.Equal(HttpStatusCode.BadRequest, error.StatusCode);
        Assert.Equal(RetroGridErrorCodes.BadRequest, error.Code);
        Assert.False(string.IsNullOrEmpty(error.Detail));
        Assert.Equal(1, await dropbox.CounterAsync("files/upload", Ct));
    }

    [Fact]
    public async Task Call_UnknownToken_NeedsReauthorizationNotRetried()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => dropbox.Client(new StaticDropboxTokenSource("sl.bogus-token")).GetCurrentAccountAsync(Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, error.Code);
        Assert.Equal("invalid_access_token", error.TagPath);
        Assert.DoesNotContain("sl.bogus-token", error.ToString(), StringComparison.Ordinal);
        Assert.Equal(1, await dropbox.CounterAsync("users/get_current_account", Ct));
    }

    [Fact]
    public async Task Upload_DownScopedReadOnlyToken_MissingScopeNamed()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var credentials = await dropbox.LinkAsync(Ct).DefaultTimeout();
        var readOnly = new RefreshingDropboxTokenSource(dropbox.OAuth(), credentials.RefreshToken!, scopes: ["files.content.read", "files.metadata.read"], timeProvider: dropbox.ClientTime);
        var client = dropbox.Client(readOnly);

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => client.UploadFileAsync(new byte[1], new DropboxCommitInfo("/x"), Ct).DefaultTimeout());

        Assert.Equal(RetroGridErrorCodes.MissingScope, error.Code);
        Assert.Equal("files.content.write", error.RequiredScope);
        Assert.Contains("files.content.write", error.Message, StringComparison.Ordinal);
        Assert.IsType<DropboxListFolderResult>(await client.ListFolderAsync("", cancellationToken: Ct).DefaultTimeout());
    }

    [Fact]
    public async Task Refresh_ScopeBeyondGrant_MissingScope()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var credentials = await dropbox.LinkAsync(Ct, scopes: ["files.content.read"]).DefaultTimeout();

        var error = await Assert.ThrowsAsync<DropboxApiException>(
            () => dropbox.OAuth().RefreshAccessTokenAsync(credentials.RefreshToken!, ["files.content.write"], Ct).DefaultTimeout());

        Assert.Equal("invalid_scope", error.TagPath);
        Assert.Equal(RetroGridErrorCodes.MissingScope, error.Code);
    }

    [Fact]
    public async Task Append_UnknownSession_UploadSessionLost()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var session = dropbox.Client().ResumeUploadSession(new DropboxUploadSessionCursor("pid_upload_session:nope", 0));

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => session.AppendAsync(new byte[10], Ct).DefaultTimeout());

        Assert.Equal("not_found", error.TagPath);
        Assert.Equal(RetroGridErrorCodes.UploadSessionLost, error.Code);
    }

    [Fact]
    public async Task Download_Folder_NotFile()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        await client.CreateFolderAsync("/dir", cancellationToken: Ct).DefaultTimeout();

        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.DownloadAsync("/dir", cancellationToken: Ct).DefaultTimeout());

        Assert.Equal("path/not_file", error.TagPath);
        Assert.Equal(RetroGridErrorCodes.NotFound, error.Code);
    }
}
