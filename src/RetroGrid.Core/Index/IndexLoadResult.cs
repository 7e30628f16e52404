namespace RetroGrid.Core.Index;

/// <summary>How an index was loaded: packs found in index files, packs read from their own trailers, and damage seen.</summary>
/// <param name="PacksFromIndexFiles">Packs whose entries came from index files.</param>
/// <param name="PacksFromTrailers">Packs no index file covered, read from the pack itself (candidates for a new index file).</param>
/// <param name="DamagedObjects">Index files and packs that failed their checks, with the reason; their blobs are not indexed.</param>
public sealed record IndexLoadResult(int PacksFromIndexFiles, IReadOnlyList<string> PacksFromTrailers, IReadOnlyList<string> DamagedObjects);
