using System.Net;
using System.Text;
using RetroGrid.Testing;

namespace RetroGrid.Dropbox.Tests;

public class RoutesIntegrationTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task UploadDownloadMetadata_SmallFile_RoundTrips()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var bytes = Encoding.UTF8.GetBytes("hello dropbox");

        var uploaded = await client.UploadFileAsync(bytes, new DropboxCommitInfo("/Backups/Hello.txt"), Ct).DefaultTimeout();
        var metadata = Assert.IsType<DropboxFileMetadata>(await client.GetMetadataAsync("/backups/hello.TXT", cancellationToken: Ct).DefaultTimeout());
        using var copy = new MemoryStream();
        var downloaded = await client.DownloadToAsync("/Backups/Hello.txt", copy, Ct).DefaultTimeout();

        Assert.Equal(DropboxContentHasher.Compute(bytes), uploaded.ContentHash);
        Assert.Equal("/backups/hello.txt", uploaded.PathLower);
        Assert.Equal("/Backups/Hello.txt", metadata.PathDisplay);
        Assert.Equal(uploaded.Rev, metadata.Rev);
        Assert.Equal(uploaded.Id, downloaded.Id);
        Assert.Equal(bytes, copy.ToArray());
    }

    [Fact]
    public async Task Download_Range_206WithOnlyThoseBytesAndWholeFileMetadata()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        var bytes = Enumerable.Range(0, 1000).Select(i => (byte)i).ToArray();
        await client.UploadFileAsync(bytes, new DropboxCommitInfo("/r.bin"), Ct).DefaultTimeout();

        await using var download = await client.DownloadAsync("/r.bin", DropboxByteRange.Between(100, 199), Ct).DefaultTimeout();
        using var part = new MemoryStream();
        await download.Content.CopyToAsync(part, Ct);
        await using var tail = await client.DownloadAsync("/r.bin", DropboxByteRange.LastBytes(10), Ct).DefaultTimeout();
        using var tailBytes = new MemoryStream();
        await tail.Content.CopyToAsync(tailBytes, Ct);

        Assert.True(download.IsPartial);
        Assert.Equal(bytes[100..200], part.ToArray());
        Assert.Equal(1000, download.Metadata.Size);
        Assert.Equal(100, download.ContentRange!.From);
        Assert.Equal(199, download.ContentRange.To);
        Assert.Equal(1000, download.ContentRange.Length);
        Assert.Equal(bytes[990..], tailBytes.ToArray());
    }

    [Fact]
    public async Task ListFolder_RecursiveWithPaging_AllEntries()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        for (var i = 0; i < 5; i++)
        {
            await client.UploadFileAsync(new[] { (byte)i }, new DropboxCommitInfo($"/set/packs/{i:00}/p{i}"), Ct).DefaultTimeout();
        }

        var first = await client.ListFolderAsync("/set", recursive: true, limit: 2, cancellationToken: Ct).DefaultTimeout();
        var all = new List<DropboxMetadata>();
        await foreach (var entry in client.ListFolderAllAsync("/set", recursive: true, cancellationToken: Ct))
        {
            all.Add(entry);
        }

        Assert.True(first.HasMore);
        Assert.Equal(5, all.OfType<DropboxFileMetadata>().Count());
        Assert.Contains(all, e => e is DropboxFolderMetadata { PathLower: "/set/packs" });
        Assert.Equal(all.Count, all.Select(e => e.PathLower).Distinct().Count());
    }

    [Fact]
    public async Task ListFolderContinue_SavedCursor_ReportsChangesIncludingDeletions()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();
        await client.UploadFileAsync(new byte[] { 1 }, new DropboxCommitInfo("/c/a"), Ct).DefaultTimeout();
        var page = await client.ListFolderAsync("/c", includeDeleted: true, cancellationToken: Ct).DefaultTimeout();
        while (page.HasMore)
        {
            page = await client.ListFolderContinueAsync(page.Cursor, Ct).DefaultTimeout();
        }

        await client.UploadFileAsync(new byte[] { 2 }, new DropboxCommitInfo("/c/b"), Ct).DefaultTimeout();
        await client.DeleteAsync("/c/a", cancellationToken: Ct).DefaultTimeout();
        var changes = await client.ListFolderContinueAsync(page.Cursor, Ct).DefaultTimeout();

        Assert.Contains(changes.Entries, e => e is DropboxFileMetadata { PathLower: "/c/b" });
        Assert.Contains(changes.Entries, e => e is DropboxDeletedMetadata { PathLower: "/c/a" });
    }

    [Fact]
    public async Task CreateFolderDeleteRevisionsRestore_Lifecycle()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client();

        var folder = await client.CreateFolderAsync("/Sets/One", cancellationToken: Ct).DefaultTimeout();
        var v1 = await client.UploadFileAsync("v1"u8.ToArray(), new DropboxCommitInfo("/Sets/One/f"), Ct).DefaultTimeout();
        var v2 = await client.UploadFileAsync("v2"u8.ToArray(), new DropboxCommitInfo("/Sets/One/f") { Mode = DropboxWriteMode.Update(v1.Rev) }, Ct).DefaultTimeout();
        var deleted = await client.DeleteAsync("/Sets/One/f", cancellationToken: Ct).DefaultTimeout();
        var revisions = await client.ListRevisionsAsync("/Sets/One/f", cancellationToken: Ct).DefaultTimeout();
        var restored = await client.RestoreAsync("/Sets/One/f", v1.Rev, Ct).DefaultTimeout();

        Assert.Equal("/sets/one", folder.PathLower);
        Assert.NotEqual(v1.Rev, v2.Rev);
        Assert.Equal(v2.Rev, Assert.IsType<DropboxFileMetadata>(deleted).Rev);
        Assert.True(revisions.IsDeleted);
        Assert.Contains(revisions.Entries, r => r.Rev == v1.Rev);
        Assert.Contains(revisions.Entries, r => r.Rev == v2.Rev);
        Assert.Equal(v1.ContentHash, restored.ContentHash);
        Assert.IsType<DropboxFileMetadata>(await client.GetMetadataAsync("/Sets/One/f", cancellationToken: Ct).DefaultTimeout());
    }

    [Fact]
    public async Task DeleteBatch_PollsToCompletion_PerEntryResults()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var client = dropbox.Client(configure: o => o.BatchPollInterval = TimeSpan.FromMilliseconds(10));
        await client.UploadFileAsync(new byte[] { 1 }, new DropboxCommitInfo("/d/1"), Ct).DefaultTimeout();
        await client.UploadFileAsync(new byte[] { 2 }, new DropboxCommitInfo("/d/2"), Ct).DefaultTimeout();

        var status = await client.DeleteBatchAsync(["/d/1", "/d/missing", "/d/2"], Ct).DefaultTimeout();

        Assert.True(status.IsComplete);
        Assert.Equal(3, status.Entries.Count);
        Assert.Equal("/d/1", status.Entries[0].Metadata!.PathLower);
        Assert.Equal("path_lookup/not_found", status.Entries[1].Failure!.TagPath);
        Assert.True(status.Entries[2].IsSuccess);
        var error = await Assert.ThrowsAsync<DropboxApiException>(() => client.GetMetadataAsync("/d/1", cancellationToken: Ct).DefaultTimeout());
        Assert.Equal(RetroGridErrorCodes.NotFound, error.Code);
    }

    [Fact]
    public async Task AccountRoutes_CurrentAccountSpaceUsageCheckUser()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(o => o.QuotaBytes = 1_000_000, Ct);
        var client = dropbox.Client();
        await client.UploadFileAsync(new byte[1000], new DropboxCommitInfo("/q"), Ct).DefaultTimeout();

        var account = await client.GetCurrentAccountAsync(Ct).DefaultTimeout();
        var usage = await client.GetSpaceUsageAsync(Ct).DefaultTimeout();
        var echo = await client.CheckUserAsync("ping ü", Ct).DefaultTimeout();

        Assert.StartsWith("dbid:", account.AccountId, StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(account.Name.DisplayName));
        Assert.False(string.IsNullOrEmpty(account.RootInfo.RootNamespaceId));
        Assert.Equal(1000, usage.Used);
        Assert.Equal(1_000_000, usage.Allocation.Allocated);
        Assert.Equal("ping ü", echo);
    }

    [Fact]
    public async Task Revoke_TokenFromRefreshToken_TokenAndRefreshTokenDead()
    {
        await using var dropbox = await EmulatedDropbox.StartAsync(null, Ct);
        var credentials = await dropbox.LinkAsync(Ct).DefaultTimeout();
        var client = dropbox.Client(new StaticDropboxTokenSource(credentials.AccessToken));

        await client.RevokeAccessTokenAsync(Ct).DefaultTimeout();
        var callError = await Assert.ThrowsAsync<DropboxApiException>(() => client.GetCurrentAccountAsync(Ct).DefaultTimeout());
        var refreshError = await Assert.ThrowsAsync<DropboxApiException>(
            () => dropbox.OAuth().RefreshAccessTokenAsync(credentials.RefreshToken!, null, Ct).DefaultTimeout());

        Assert.Equal(HttpStatusCode.Unauthorized, callError.StatusCode);
        Assert.Equal("invalid_access_token", callError.TagPath);
        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, callError.Code);
        Assert.Equal("invalid_grant", refreshError.TagPath);
        Assert.Equal(RetroGridErrorCodes.NeedsReauthorization, refreshError.Code);
    }
}
