using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox.Emulator.Storage;

[JsonSerializable(typeof(ListCursor))]
internal sealed partial class CursorJsonContext : JsonSerializerContext
{
}
