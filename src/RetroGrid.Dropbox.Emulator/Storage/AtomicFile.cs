using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// Persists small state files by writing a temp file, flushing it to disk and renaming it over the old one, so a
/// restart sees either the previous or the new state, never half of one.
/// </summary>
internal static class AtomicFile
{
    public static void Write<T>(string path, T value, JsonTypeInfo<T> typeInfo)
    {
        var temp = path + ".tmp";
        using (var stream = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None))
        {
            JsonSerializer.Serialize(stream, value, typeInfo);
            stream.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    public static T? Read<T>(string path, JsonTypeInfo<T> typeInfo)
        where T : class
    {
        if (!File.Exists(path))
        {
            return null;
        }

        using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        return JsonSerializer.Deserialize(stream, typeInfo);
    }
}
