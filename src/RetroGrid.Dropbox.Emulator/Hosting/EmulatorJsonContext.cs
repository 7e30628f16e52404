using System.Text.Json.Serialization;

namespace RetroGrid.Dropbox.Emulator;

/// <summary>Source-generated JSON for the test endpoints' public types.</summary>
[JsonSerializable(typeof(FaultRule))]
internal sealed partial class EmulatorJsonContext : JsonSerializerContext
{
}
