using System.Text.Json.Serialization;
using RetroGrid.Dropbox.Emulator.Auth;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>Source-generated serializers for the state files in the data directory.</summary>
[JsonSourceGenerationOptions(WriteIndented = false)]
[JsonSerializable(typeof(StoreState))]
[JsonSerializable(typeof(TokenState))]
[JsonSerializable(typeof(SessionRecord))]
internal sealed partial class PersistenceJsonContext : JsonSerializerContext
{
}
