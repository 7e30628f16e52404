using System.CommandLine;
using RetroGrid.Agent.Cli.Output;
using RetroGrid.Core.Formats;
using RetroGrid.Core.Hashing;
using RetroGrid.Core.Repository;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary>
/// <c>diff A B</c>: paths added, removed and modified from snapshot A to B. Trees with the same id are skipped without
/// being read (an unchanged directory has the same tree blob), so comparing two large similar snapshots is cheap.
/// </summary>
internal static class DiffCommand
{
    private const string Added = "added";
    private const string Removed = "removed";
    private const string Modified = "modified";

    public static Command Create(CommandRunner runner)
    {
        var from = new Argument<string>("from") { Description = "The older snapshot (id, prefix or 'latest')." };
        var to = new Argument<string>("to") { Description = "The newer snapshot (id, prefix or 'latest')." };
        var command = new Command("diff", "Show the paths added, removed and modified between two snapshots.") { from, to };
        runner.SetAction(command, (context, cancellationToken) => RunAsync(context, context.GetValue(from)!, context.GetValue(to)!, cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string fromId, string toId, CancellationToken cancellationToken)
    {
        var set = await context.OpenSetAsync(cancellationToken);
        var (fromName, from) = await SnapshotResolver.ResolveAsync(set, fromId, cancellationToken);
        var (toName, to) = await SnapshotResolver.ResolveAsync(set, toId, cancellationToken);
        var changes = new List<DiffEntryOutput>();
        await DiffTreesAsync(set, from.RootTree, to.RootTree, "/", changes, cancellationToken);

        var output = new DiffOutput(
            fromName, toName, changes.Count(c => c.Change == Added), changes.Count(c => c.Change == Removed), changes.Count(c => c.Change == Modified), changes);
        if (context.Json)
        {
            context.WriteJson(output, CliJsonContext.Default.DiffOutput);
            return ExitCodes.Success;
        }

        foreach (var change in changes)
        {
            await context.Console.Out.WriteLineAsync(change.Change switch
            {
                Added => $"+ {change.Path}{Size(change.NewSize)}",
                Removed => $"- {change.Path}{Size(change.OldSize)}",
                _ => $"M {change.Path}  ({DisplayFormat.Bytes(change.OldSize ?? 0)} -> {DisplayFormat.Bytes(change.NewSize ?? 0)})",
            });
        }

        await context.Console.Out.WriteLineAsync($"{output.Added} added, {output.Removed} removed, {output.Modified} modified");
        return ExitCodes.Success;
    }

    private static async Task DiffTreesAsync(BackupSet set, BlobId? from, BlobId? to, string path, List<DiffEntryOutput> changes, CancellationToken cancellationToken)
    {
        if (from == to)
        {
            return;
        }

        var left = from is { } f ? (await set.LoadTreeAsync(f, cancellationToken)).Nodes : [];
        var right = to is { } t ? (await set.LoadTreeAsync(t, cancellationToken)).Nodes : [];
        int i = 0, j = 0;
        while (i < left.Count || j < right.Count)
        {
            var order = i == left.Count ? 1 : j == right.Count ? -1 : string.CompareOrdinal(left[i].Name, right[j].Name);
            if (order < 0)
            {
                await AddAllAsync(set, Removed, left[i++], path, changes, cancellationToken);
            }
            else if (order > 0)
            {
                await AddAllAsync(set, Added, right[j++], path, changes, cancellationToken);
            }
            else
            {
                await DiffNodesAsync(set, left[i++], right[j++], path, changes, cancellationToken);
            }
        }
    }

    private static async Task DiffNodesAsync(BackupSet set, TreeNode from, TreeNode to, string parent, List<DiffEntryOutput> changes, CancellationToken cancellationToken)
    {
        var path = SnapshotWalker.Join(parent, from.Name);
        if (from.Kind != to.Kind)
        {
            await AddAllAsync(set, Removed, from, parent, changes, cancellationToken);
            await AddAllAsync(set, Added, to, parent, changes, cancellationToken);
        }
        else if (from.Kind == NodeKind.Directory)
        {
            await DiffTreesAsync(set, from.Subtree, to.Subtree, path, changes, cancellationToken);
        }
        else if (from.Size != to.Size || !(from.Content ?? []).SequenceEqual(to.Content ?? []) || from.LinkTarget != to.LinkTarget)
        {
            changes.Add(new DiffEntryOutput(Modified, path, DisplayFormat.Kind(to.Kind), from.Size, to.Size));
        }
    }

    /// <summary>Records a node and, for a directory, everything below it, as added or removed.</summary>
    private static async Task AddAllAsync(BackupSet set, string change, TreeNode node, string parent, List<DiffEntryOutput> changes, CancellationToken cancellationToken)
    {
        var path = SnapshotWalker.Join(parent, node.Name);
        changes.Add(Entry(change, path, node));
        if (node.Subtree is { } subtree)
        {
            await foreach (var (childPath, child) in SnapshotWalker.WalkAsync(set, subtree, path, cancellationToken))
            {
                changes.Add(Entry(change, childPath, child));
            }
        }
    }

    private static DiffEntryOutput Entry(string change, string path, TreeNode node)
    {
        long? size = node.Kind == NodeKind.File ? node.Size : null;
        return new DiffEntryOutput(change, path, DisplayFormat.Kind(node.Kind), change == Removed ? size : null, change == Added ? size : null);
    }

    private static string Size(long? size) => size is { } s ? $"  ({DisplayFormat.Bytes(s)})" : string.Empty;
}
