using System.Text.Json;

namespace RetroGrid.Dropbox.Tests;

// Every worked example of protocol notes §1.6, §2, §5 and §8 (the "error" object of each envelope).
public class DropboxErrorTagsTests
{
    public static TheoryData<string, string> Examples => new()
    {
        // §1.6
        { """{".tag":"lookup_failed","lookup_failed":{".tag":"incorrect_offset","correct_offset":8388608}}""", "lookup_failed/incorrect_offset" },
        { """{".tag":"incorrect_offset","correct_offset":8388608}""", "incorrect_offset" },
        { """{".tag":"path","path":{".tag":"conflict","conflict":{".tag":"file"}}}""", "path/conflict/file" },
        { """{".tag":"path","reason":{".tag":"insufficient_space"},"upload_session_id":"pid_upload_session:ABIK"}""", "path/insufficient_space" },

        // §2.2, §2.3
        { """{".tag": "path", "path": {".tag": "not_found"}}""", "path/not_found" },
        { """{".tag":"expired_access_token"}""", "expired_access_token" },
        { """{".tag":"invalid_access_token"}""", "invalid_access_token" },
        { """{".tag":"missing_scope","required_scope":"files.content.write"}""", "missing_scope" },

        // §2.4, §2.5: invalid_root carries data (RootInfo), not a further error tag
        { """{".tag":"invalid_account_type","invalid_account_type":{".tag":"feature"}}""", "invalid_account_type/feature" },
        { """{".tag":"invalid_root","invalid_root":{".tag":"team","root_namespace_id":"7","home_namespace_id":"1","home_path":"/Sarah"}}""", "invalid_root" },
        { """{".tag":"no_permission"}""", "no_permission" },

        // §5.1: RateLimitError is a struct whose "reason" is the union
        { """{"reason": {".tag": "too_many_write_operations"}}""", "too_many_write_operations" },
        { """{"reason": {".tag": "too_many_requests"}, "retry_after": 300}""", "too_many_requests" },

        // §6.5, §6.6, §8.5, §8.6
        { """{".tag":"lookup_failed","lookup_failed":{".tag":"not_closed"}}""", "lookup_failed/not_closed" },
        { """{".tag":"path_lookup","path_lookup":{".tag":"not_found"}}""", "path_lookup/not_found" },
        { """{".tag":"path","path":{".tag":"conflict","conflict":{".tag":"folder"}}}""", "path/conflict/folder" },
        { """{".tag":"too_many_write_operations"}""", "too_many_write_operations" },
        { """{".tag":"path","path":{".tag":"malformed_path","malformed_path":"bad"}}""", "path/malformed_path" },
        { """{".tag":"some_future_tag","some_future_tag":{".tag":"deeper_future"}}""", "some_future_tag/deeper_future" },
    };

    [Theory]
    [MemberData(nameof(Examples))]
    public void GetTagPath_WorkedExample_ChainOfTags(string errorJson, string expected)
    {
        using var document = JsonDocument.Parse(errorJson);

        Assert.Equal(expected, DropboxErrorTags.GetTagPath(document.RootElement));
    }

    [Fact]
    public void GetTagPath_NoTag_Null()
    {
        using var document = JsonDocument.Parse("""{"x":1}""");

        Assert.Null(DropboxErrorTags.GetTagPath(document.RootElement));
    }
}
