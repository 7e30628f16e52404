using System.Net;

namespace RetroGrid.Dropbox.Tests;

public class DropboxErrorClassifierTests
{
    public static TheoryData<string, int, string?, string> Cases => new()
    {
        { "oauth2/token", 400, "invalid_grant", "RG1001" },
        { "oauth2/token", 401, "invalid_grant", "RG1001" },
        { "oauth2/token", 400, "invalid_scope", "RG1002" },
        { "oauth2/token", 400, "invalid_request", "RG1011" },
        { "files/upload", 401, "invalid_access_token", "RG1001" },
        { "files/upload", 401, "expired_access_token", "RG1001" },
        { "files/upload", 401, "missing_scope", "RG1002" },
        { "files/upload", 401, "user_suspended", "RG1013" },
        { "files/upload", 403, "invalid_account_type/feature", "RG1013" },
        { "files/upload", 403, "no_permission/unauthorized_account_id_usage", "RG1012" },
        { "files/upload", 400, null, "RG1011" },
        { "files/upload", 429, "too_many_requests", "RG1004" },
        { "files/upload", 429, null, "RG1004" },
        { "files/upload", 500, null, "RG1003" },
        { "files/upload", 503, null, "RG1003" },
        { "files/upload", 409, "path/insufficient_space", "RG1005" },
        { "files/upload", 409, "path/conflict/file", "RG1006" },
        { "files/upload", 409, "content_hash_mismatch", "RG1008" },
        { "files/upload", 409, "payload_too_large", "RG1010" },
        { "files/upload", 409, "path/disallowed_name", "RG1014" },
        { "files/upload", 409, "path/no_write_permission", "RG1012" },
        { "files/upload_session/append_v2", 409, "not_found", "RG1009" },
        { "files/upload_session/append_v2", 409, "incorrect_offset", "RG1009" },
        { "files/upload_session/append_v2", 409, "closed", "RG1009" },
        { "files/upload_session/append_v2", 409, "too_large", "RG1010" },
        { "files/upload_session/finish", 409, "lookup_failed/incorrect_offset", "RG1009" },
        { "files/upload_session/finish", 409, "lookup_failed/not_found", "RG1009" },
        { "files/upload_session/finish", 409, "path/conflict/folder", "RG1006" },
        { "files/upload_session/finish", 409, "too_many_write_operations", "RG1004" },
        { "files/upload_session/finish", 409, "concurrent_session_missing_data", "RG1011" },
        { "files/get_metadata", 409, "path/not_found", "RG1007" },
        { "files/download", 409, "path/not_file", "RG1007" },
        { "files/download", 409, "unsupported_file", "RG1012" },
        { "files/delete_v2", 409, "path_lookup/not_found", "RG1007" },
        { "files/delete_v2", 409, "path_write/insufficient_space", "RG1005" },
        { "files/create_folder_v2", 409, "path/conflict/folder", "RG1006" },
        { "files/restore", 409, "invalid_revision", "RG1007" },
        { "files/list_folder", 422, "invalid_root", "RG1014" },
        { "files/list_folder/continue", 409, "reset", "RG1099" },
        { "files/list_folder", 409, "brand_new_tag", "RG1099" },
        { "files/list_folder", 418, null, "RG1099" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Classify_DropboxAnswer_StableCode(string route, int status, string? tagPath, string expectedCode) =>
        Assert.Equal(expectedCode, DropboxErrorClassifier.Classify(route, (HttpStatusCode)status, tagPath).Code);

    [Fact]
    public void Classify_NoResponse_DestinationUnavailable() =>
        Assert.Equal(RetroGridErrorCodes.DestinationUnavailable, DropboxErrorClassifier.Classify("files/upload", null, null));
}
