using System.Text.Json.Nodes;

namespace RetroGrid.Dropbox.Emulator.Storage;

/// <summary>Result of a commit: the <c>FileMetadata</c> (untagged) and whether the source file was taken over.</summary>
internal sealed record CommitOutcome(JsonObject Metadata, bool SourceAdopted);
