namespace RetroGrid.Core.Restore;

/// <summary>What to do with an entry: skip it (already identical), write it at <see cref="Path"/>, or fail it with a reason.</summary>
internal readonly record struct ExistingEntryDecision(bool Skip, string? Path, string? Failure);
