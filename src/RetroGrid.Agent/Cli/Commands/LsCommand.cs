using System.CommandLine;
using System.Globalization;
using RetroGrid.Agent.Cli.Output;
using RetroGrid.Core.Formats;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary><c>ls SNAPSHOT [PATH]</c>: a long listing (mode, owner, size, mtime, path) of everything under PATH.</summary>
internal static class LsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var snapshot = new Argument<string>("snapshot") { Description = "Snapshot id, unique id prefix, or 'latest'." };
        var path = new Argument<string?>("path") { Description = "A path inside the snapshot (default: everything).", Arity = ArgumentArity.ZeroOrOne };
        var command = new Command("ls", "List the files in a snapshot.") { snapshot, path };
        runner.SetAction(command, (context, cancellationToken) => RunAsync(context, context.GetValue(snapshot)!, context.GetValue(path), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, string snapshotId, string? path, CancellationToken cancellationToken)
    {
        var set = await context.OpenSetAsync(cancellationToken);
        var (name, snapshot) = await SnapshotResolver.ResolveAsync(set, snapshotId, cancellationToken);
        var (start, node) = await SnapshotWalker.FindAsync(set, snapshot, path ?? "/", cancellationToken);
        var entries = new List<LsEntryOutput>();
        if (node is not null)
        {
            Emit(context, entries, start, node);
        }

        var tree = node is null ? snapshot.RootTree : node.Subtree;
        if (tree is { } subtree)
        {
            await foreach (var (childPath, child) in SnapshotWalker.WalkAsync(set, subtree, start, cancellationToken))
            {
                Emit(context, entries, childPath, child);
            }
        }

        if (context.Json)
        {
            context.WriteJson(new LsOutput(name, entries), CliJsonContext.Default.LsOutput);
        }

        return ExitCodes.Success;
    }

    /// <summary>Text mode writes each line as it is found (no list kept); JSON mode collects for the one document.</summary>
    private static void Emit(CommandContext context, List<LsEntryOutput> entries, string path, TreeNode node)
    {
        var entry = new LsEntryOutput(
            path, DisplayFormat.Kind(node.Kind), DisplayFormat.Mode(node.Kind, node.Mode),
            node.UserName ?? node.Uid.ToString(CultureInfo.InvariantCulture), node.GroupName ?? node.Gid.ToString(CultureInfo.InvariantCulture),
            node.Size, DisplayFormat.FromUnixNs(node.MtimeUnixNs), node.LinkTarget);
        if (context.Json)
        {
            entries.Add(entry);
            return;
        }

        var link = entry.LinkTarget is null ? string.Empty : $" -> {entry.LinkTarget}";
        context.Console.Out.WriteLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{entry.Mode} {entry.User}/{entry.Group} {entry.Size,12} {DisplayFormat.Time(entry.Mtime)} {entry.Path}{link}"));
    }
}
