using System.Text.Json;
using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox;

/// <summary>
/// Source-generated JSON for every Dropbox shape. snake_case on the wire, PascalCase in C#; unset optional fields are
/// omitted (Stone rule); unknown fields are skipped so new Dropbox fields never break us.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    Converters = [typeof(DropboxTimestampConverter), typeof(DropboxMetadataConverter), typeof(DropboxWriteModeConverter)])]
[JsonSerializable(typeof(UploadArg))]
[JsonSerializable(typeof(UploadSessionStartArg))]
[JsonSerializable(typeof(UploadSessionStartResult))]
[JsonSerializable(typeof(UploadSessionAppendArg))]
[JsonSerializable(typeof(UploadSessionFinishArg))]
[JsonSerializable(typeof(UploadSessionFinishBatchArg))]
[JsonSerializable(typeof(ListFolderArg))]
[JsonSerializable(typeof(ListFolderContinueArg))]
[JsonSerializable(typeof(GetMetadataArg))]
[JsonSerializable(typeof(DeleteArg))]
[JsonSerializable(typeof(DeleteBatchArg))]
[JsonSerializable(typeof(AsyncJobIdArg))]
[JsonSerializable(typeof(CreateFolderArg))]
[JsonSerializable(typeof(MetadataResult))]
[JsonSerializable(typeof(FolderMetadataResult))]
[JsonSerializable(typeof(ListRevisionsArg))]
[JsonSerializable(typeof(RestoreArg))]
[JsonSerializable(typeof(CheckUserArg))]
[JsonSerializable(typeof(CheckUserResult))]
[JsonSerializable(typeof(DownloadArg))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(DropboxMetadata))]
[JsonSerializable(typeof(DropboxFileMetadata))]
[JsonSerializable(typeof(DropboxFolderMetadata))]
[JsonSerializable(typeof(DropboxDeletedMetadata))]
[JsonSerializable(typeof(DropboxCommitInfo))]
[JsonSerializable(typeof(DropboxListFolderResult))]
[JsonSerializable(typeof(DropboxRevisions))]
[JsonSerializable(typeof(DropboxAccount))]
[JsonSerializable(typeof(DropboxSpaceUsage))]
[JsonSerializable(typeof(JsonElement))]
internal sealed partial class DropboxJsonContext : JsonSerializerContext;
