using RetroGrid.Core.Chunking;
using RetroGrid.Core.FileSystem;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;

namespace RetroGrid.Core.Restore;

/// <summary>Applies the <see cref="ExistingFilePolicy"/>: decides where an entry is restored when something is already there.</summary>
internal sealed class ExistingEntries(ExistingFilePolicy policy, IFileSystem fileSystem, FastCdcChunker chunker, IBlobIdHasher hasher)
{
    private const int MaxAlternatives = 10_000;

    public async ValueTask<ExistingEntryDecision> DecideAsync(string path, TreeNode node, CancellationToken cancellationToken)
    {
        FileMetadata existing;
        try
        {
            existing = fileSystem.GetMetadata(path);
        }
        catch (FileNotFoundException)
        {
            return new ExistingEntryDecision(false, path, null);
        }
        catch (DirectoryNotFoundException)
        {
            return new ExistingEntryDecision(false, path, null);
        }

        if (await IsIdenticalAsync(path, existing, node, cancellationToken).ConfigureAwait(false))
        {
            return new ExistingEntryDecision(true, null, null);
        }

        if (policy == ExistingFilePolicy.KeepBoth)
        {
            return new ExistingEntryDecision(false, FreeName(path), null);
        }

        // Replacing a file or symlink is a rename over it; a directory is never removed to make room for a file.
        return existing.Kind == FileKind.Directory
            ? new ExistingEntryDecision(false, null, "a directory is in the way.")
            : new ExistingEntryDecision(false, path, null);
    }

    private async ValueTask<bool> IsIdenticalAsync(string path, FileMetadata existing, TreeNode node, CancellationToken cancellationToken)
    {
        if (policy == ExistingFilePolicy.Overwrite)
        {
            return false;
        }

        if (node.Kind == NodeKind.Symlink)
        {
            return existing.Kind == FileKind.Symlink && fileSystem.ReadSymlinkTarget(path) == node.LinkTarget;
        }

        if (node.Kind != NodeKind.File || existing.Kind != FileKind.Regular || existing.Size != node.Size || existing.ModifiedTimeNs != node.MtimeUnixNs)
        {
            return false;
        }

        // Same size and time is a strong hint, not proof: compare the content's chunk ids, without downloading anything.
        var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, bufferSize: 0, FileOptions.SequentialScan);
        await using (stream.ConfigureAwait(false))
        {
            using var reader = new ChunkStreamReader(chunker, stream);
            var content = node.Content ?? [];
            for (var i = 0; ; i++)
            {
                var chunk = await reader.ReadChunkAsync(cancellationToken).ConfigureAwait(false);
                if (chunk.IsEmpty)
                {
                    return i == content.Count;
                }

                if (i >= content.Count || hasher.Compute(chunk.Span) != content[i])
                {
                    return false;
                }
            }
        }
    }

    private static string FreeName(string path)
    {
        var directory = Path.GetDirectoryName(path) ?? string.Empty;
        var name = Path.GetFileNameWithoutExtension(path);
        var extension = Path.GetExtension(path);
        for (var n = 1; n <= MaxAlternatives; n++)
        {
            var candidate = Path.Join(directory, n == 1 ? $"{name} (restored){extension}" : $"{name} (restored {n}){extension}");
            if (!Path.Exists(candidate) && new FileInfo(candidate).LinkTarget is null)
            {
                return candidate;
            }
        }

        throw new IOException($"No free name next to '{path}' after {MaxAlternatives} tries.");
    }
}
