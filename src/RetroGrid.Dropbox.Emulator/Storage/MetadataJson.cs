using System.Text.Json.Nodes;
using RetroGrid.Dropbox.Emulator.Protocol;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// <c>FileMetadata</c> / <c>FolderMetadata</c> / <c>DeletedMetadata</c> JSON. <c>.tag</c> is written only where the
/// declared type is the polymorphic <c>Metadata</c> (reference §1.6, §8.2).
/// </summary>
internal static class MetadataJson
{
    public static JsonObject File(string pathLower, NodeRecord node, bool tagged)
    {
        var json = Start(tagged ? "file" : null, pathLower, node.PathDisplay);
        json["id"] = node.Id;
        json["client_modified"] = Timestamps.Format(node.ClientModified);
        json["server_modified"] = Timestamps.Format(node.ServerModified);
        json["rev"] = node.Rev;
        json["size"] = node.Size;
        json["is_downloadable"] = true;
        json["content_hash"] = node.ContentHash;
        return json;
    }

    public static JsonObject Revision(RevisionRecord revision)
    {
        var json = Start(null, revision.PathLower, revision.PathDisplay);
        json["id"] = revision.Id;
        json["client_modified"] = Timestamps.Format(revision.ClientModified);
        json["server_modified"] = Timestamps.Format(revision.ServerModified);
        json["rev"] = revision.Rev;
        json["size"] = revision.Size;
        json["is_downloadable"] = true;
        json["content_hash"] = revision.ContentHash;
        return json;
    }

    public static JsonObject Folder(string pathLower, NodeRecord node, bool tagged)
    {
        var json = Start(tagged ? "folder" : null, pathLower, node.PathDisplay);
        json["id"] = node.Id;
        return json;
    }

    public static JsonObject Node(string pathLower, NodeRecord node, bool tagged) =>
        node.IsFolder ? Folder(pathLower, node, tagged) : File(pathLower, node, tagged);

    public static JsonObject Deleted(string pathLower, string pathDisplay) => Start("deleted", pathLower, pathDisplay);

    private static JsonObject Start(string? tag, string pathLower, string pathDisplay)
    {
        var json = new JsonObject();
        if (tag is not null)
        {
            json[".tag"] = tag;
        }

        json["name"] = pathDisplay[(pathDisplay.LastIndexOf('/') + 1)..];
        json["path_lower"] = pathLower;
        json["path_display"] = pathDisplay;
        return json;
    }
}
