using RetroGrid.Contracts.V1;
using RetroGrid.Controller.Catalog;
using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Sets;

/// <summary>A catalog pack against Dropbox's listing: present, with the size and content hash recorded at its commit.</summary>
internal static class PackStorage
{
    /// <summary>What is wrong with a catalog pack as Dropbox lists it, or null.</summary>
    public static VerifyProblem? ProblemOf(PackRecord pack, Dictionary<string, BackupObjectInfo> listed)
    {
        var path = BackupObjectNames.RelativePath(BackupObjectKind.Pack, pack.Name);
        if (!listed.TryGetValue(pack.Name, out var found))
        {
            return new VerifyProblem { Area = "storage", Code = "missing", Object = path, Message = "The catalog holds this pack, but Dropbox does not list it (deleted?)." };
        }

        if (found.Size != pack.Length)
        {
            return new VerifyProblem { Area = "storage", Code = "size", Object = path, Message = $"Dropbox lists {found.Size} bytes; the catalog recorded {pack.Length}." };
        }

        return pack.ContentHash.Length > 0 && found.ContentHash is { } hash && hash != pack.ContentHash
            ? new VerifyProblem { Area = "storage", Code = "content_hash", Object = path, Message = "Dropbox's content hash differs from the one recorded at commit: the file was replaced." }
            : null;
    }
}
