using RetroGrid.Core.Storage;

namespace RetroGrid.Controller.Catalog;

/// <summary>An object of a new set (its config, its key files) kept until the set's first link writes it to Dropbox.</summary>
internal sealed record StagedObject(BackupObjectKind Kind, string Name, byte[] Content);
