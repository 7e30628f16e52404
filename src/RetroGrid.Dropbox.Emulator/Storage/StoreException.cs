using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>
/// A <c>LookupError</c> (<see cref="IsWrite"/> false) or <c>WriteError</c> from the store; each route wraps it in its
/// own error union (<c>path</c>, <c>path_lookup</c>, <c>path_write</c>, …).
/// </summary>
internal sealed class StoreException(bool isWrite, JsonObject error) : Exception(error[".tag"]?.ToString())
{
    public bool IsWrite { get; } = isWrite;

    public JsonObject Error { get; } = error;
}
