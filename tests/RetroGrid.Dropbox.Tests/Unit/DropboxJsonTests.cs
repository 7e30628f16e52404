using System.Text.Json;

namespace RetroGrid.Dropbox.Tests;

public class DropboxJsonTests
{
    private const string FileJson = """
        {"name":"abc.txt","path_lower":"/backups/abc.txt","path_display":"/Backups/abc.txt","id":"id:a4ayc_80_OEAAAAAAAAAXw",
         "client_modified":"2024-05-01T12:00:00Z","server_modified":"2024-05-01T12:00:03Z","rev":"a1c10ce0dd78","size":3,
         "is_downloadable":true,"content_hash":"4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358","brand_new_field":{"x":1}}
        """;

    [Fact]
    public void Deserialize_ListFolderResult_TaggedSubtypesAndUnknownTag()
    {
        var json = """
            {"entries":[
              {".tag":"folder","name":"math","path_lower":"/homework/math","path_display":"/Homework/math","id":"id:f"},
              {"name":"abc.txt","id":"id:x",".tag":"file","client_modified":"2024-05-01T12:00:00Z","server_modified":"2024-05-01T12:00:03Z","rev":"a1c10ce0dd78","size":3},
              {".tag":"deleted","name":"pi.txt","path_lower":"/homework/math/pi.txt","is_restorable":true},
              {".tag":"hologram","name":"h","path_lower":"/h"}],
             "cursor":"c1","has_more":true}
            """;

        var result = JsonSerializer.Deserialize(json, DropboxJsonContext.Default.DropboxListFolderResult)!;

        Assert.Equal(4, result.Entries.Count);
        var folder = Assert.IsType<DropboxFolderMetadata>(result.Entries[0]);
        Assert.Equal("id:f", folder.Id);
        var file = Assert.IsType<DropboxFileMetadata>(result.Entries[1]);
        Assert.Equal(3, file.Size);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 3, TimeSpan.Zero), file.ServerModified);
        Assert.True(Assert.IsType<DropboxDeletedMetadata>(result.Entries[2]).IsRestorable);
        var unknown = Assert.IsType<DropboxUnknownMetadata>(result.Entries[3]);
        Assert.Equal("hologram", unknown.Tag);
        Assert.Equal("/h", unknown.PathLower);
        Assert.Equal("c1", result.Cursor);
        Assert.True(result.HasMore);
    }

    [Fact]
    public void Deserialize_FileMetadataLeafWithoutTag_AllFields()
    {
        var file = JsonSerializer.Deserialize(FileJson, DropboxJsonContext.Default.DropboxFileMetadata)!;

        Assert.Equal("abc.txt", file.Name);
        Assert.Equal("/Backups/abc.txt", file.PathDisplay);
        Assert.Equal("a1c10ce0dd78", file.Rev);
        Assert.Equal("4f8b42c22dd3729b519ba6f68d2da7cc5b2d606d05daed5ad5128cc03e6c6358", file.ContentHash);
        Assert.Equal(new DateTimeOffset(2024, 5, 1, 12, 0, 0, TimeSpan.Zero), file.ClientModified);
    }

    [Fact]
    public void ParseFinishBatch_SuccessFlattenedFailureNested()
    {
        var json = "{\"entries\":[{\".tag\":\"success\"," + FileJson.Trim()[1..] + ",{\".tag\":\"failure\",\"failure\":{\".tag\":\"lookup_failed\",\"lookup_failed\":{\".tag\":\"not_closed\"}}}]}";
        using var document = JsonDocument.Parse(json);

        var results = DropboxBatchParser.ParseFinishBatch(document.RootElement);

        Assert.Equal(2, results.Count);
        Assert.True(results[0].IsSuccess);
        Assert.Equal("a1c10ce0dd78", results[0].Metadata!.Rev);
        Assert.False(results[1].IsSuccess);
        Assert.Equal("lookup_failed/not_closed", results[1].Failure!.TagPath);
        Assert.Equal(RetroGridErrorCodes.UploadSessionLost, results[1].Failure!.Code);
    }

    [Fact]
    public void ParseDeleteBatchStatus_AllShapes()
    {
        static DropboxDeleteBatchStatus Parse(string json)
        {
            using var document = JsonDocument.Parse(json);
            return DropboxBatchParser.ParseDeleteBatchStatus(document.RootElement);
        }

        Assert.Equal("job1", Parse("""{".tag":"async_job_id","async_job_id":"job1"}""").AsyncJobId);
        Assert.Equal("in_progress", Parse("""{".tag":"in_progress"}""").Tag);
        var complete = Parse("""
            {".tag":"complete","entries":[{".tag":"success","metadata":{".tag":"file","name":"a","id":"id:a","client_modified":"2024-05-01T12:00:00Z","server_modified":"2024-05-01T12:00:00Z","rev":"0123456789","size":1}},
             {".tag":"failure","failure":{".tag":"path_lookup","path_lookup":{".tag":"not_found"}}}]}
            """);
        Assert.True(complete.IsComplete);
        Assert.IsType<DropboxFileMetadata>(complete.Entries[0].Metadata);
        Assert.Equal("path_lookup/not_found", complete.Entries[1].Failure!.TagPath);
        Assert.Equal(RetroGridErrorCodes.NotFound, complete.Entries[1].Failure!.Code);
        var failed = Parse("""{".tag":"failed","failed":{".tag":"too_many_write_operations"}}""");
        Assert.True(failed.IsFailed);
        Assert.Equal("too_many_write_operations", failed.Failure!.TagPath);
    }

    [Fact]
    public void Deserialize_FullAccountAndSpaceUsage()
    {
        var account = JsonSerializer.Deserialize("""
            {"account_id":"dbid:AAH4f99T0taONIb-OurWxbNQ6ywGRopQngc",
             "name":{"given_name":"Franz","surname":"Ferdinand","familiar_name":"Franz","display_name":"Franz Ferdinand (Personal)","abbreviated_name":"FF"},
             "email":"franz@example.com","email_verified":true,"disabled":false,"country":"US","locale":"en","referral_link":"https://db.tt/x","is_paired":false,
             "account_type":{".tag":"basic"},"root_info":{".tag":"user","root_namespace_id":"3235641","home_namespace_id":"3235641"}}
            """, DropboxJsonContext.Default.DropboxAccount)!;
        var usage = JsonSerializer.Deserialize("""{"used":314159265,"allocation":{".tag":"individual","allocated":10000000000}}""", DropboxJsonContext.Default.DropboxSpaceUsage)!;

        Assert.Equal("Franz Ferdinand (Personal)", account.Name.DisplayName);
        Assert.Equal("basic", account.AccountType.Tag);
        Assert.Equal("user", account.RootInfo.Tag);
        Assert.Equal("3235641", account.RootInfo.RootNamespaceId);
        Assert.Equal(314159265, usage.Used);
        Assert.Equal("individual", usage.Allocation.Tag);
        Assert.Equal(10000000000, usage.Allocation.Allocated);
    }

    [Fact]
    public void WriteMode_ReadsStringAndObjectForms()
    {
        var commit = JsonSerializer.Deserialize("""{"path":"/a","mode":{".tag":"update","update":"0123456789"}}""", DropboxJsonContext.Default.DropboxCommitInfo)!;
        var add = JsonSerializer.Deserialize("""{"path":"/a","mode":"add"}""", DropboxJsonContext.Default.DropboxCommitInfo)!;

        Assert.Equal(DropboxWriteMode.Update("0123456789"), commit.Mode);
        Assert.Same(DropboxWriteMode.Add, add.Mode);
    }
}
