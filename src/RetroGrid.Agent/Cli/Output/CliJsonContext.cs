using System.Text.Json;
using System.Text.Json.Serialization;
using RetroGrid.Core.Check;

namespace RetroGrid.Agent.Cli.Output;

/// <summary>Source-generated JSON for every document the command writes with --json.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, WriteIndented = true, UseStringEnumConverter = true)]
[JsonSerializable(typeof(ErrorOutput))]
[JsonSerializable(typeof(InitOutput))]
[JsonSerializable(typeof(IReadOnlyList<SnapshotOutput>))]
[JsonSerializable(typeof(BackupOutput))]
[JsonSerializable(typeof(RestoreOutput))]
[JsonSerializable(typeof(LsOutput))]
[JsonSerializable(typeof(DiffOutput))]
[JsonSerializable(typeof(CheckReport))]
internal sealed partial class CliJsonContext : JsonSerializerContext;
