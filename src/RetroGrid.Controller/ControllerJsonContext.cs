using System.Text.Json.Serialization;

namespace RetroGrid.Controller;

/// <summary>Source-generated JSON for the little the catalog keeps as JSON (assignment path lists).</summary>
[JsonSerializable(typeof(string[]))]
internal sealed partial class ControllerJsonContext : JsonSerializerContext;
