using System.CommandLine;
using System.Globalization;
using RetroGrid.Agent.Cli.Output;
using Spectre.Console;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary><c>snapshots</c>: lists the set's snapshots, oldest first.</summary>
internal static class SnapshotsCommand
{
    public static Command Create(CommandRunner runner)
    {
        var command = new Command("snapshots", "List the snapshots in the backup set.");
        runner.SetAction(command, RunAsync);
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, CancellationToken cancellationToken)
    {
        var set = await context.OpenSetAsync(cancellationToken);
        var snapshots = new List<SnapshotOutput>();
        foreach (var name in await set.ListSnapshotsAsync(cancellationToken))
        {
            snapshots.Add(SnapshotOutput.From(name, await set.LoadSnapshotAsync(name, cancellationToken)));
        }

        snapshots.Sort((a, b) => a.Time != b.Time ? a.Time.CompareTo(b.Time) : string.CompareOrdinal(a.Id, b.Id));
        if (context.Json)
        {
            context.WriteJson<IReadOnlyList<SnapshotOutput>>(snapshots, CliJsonContext.Default.IReadOnlyListSnapshotOutput);
            return ExitCodes.Success;
        }

        var table = new Table().AddColumns("ID", "Time (UTC)", "Host", "Tags", "Paths", "Files", "Size");
        foreach (var s in snapshots)
        {
            table.AddRow(
                s.ShortId, DisplayFormat.Time(s.Time), Markup.Escape(s.Host), Markup.Escape(string.Join(",", s.Tags)),
                Markup.Escape(string.Join(" ", s.Paths)), s.Files.ToString(CultureInfo.InvariantCulture), DisplayFormat.Bytes(s.Bytes));
        }

        if (context.IsRich)
        {
            context.CreateAnsiConsole().Write(table);
        }
        else
        {
            foreach (var s in snapshots)
            {
                await context.Console.Out.WriteLineAsync(
                    $"{s.ShortId}  {DisplayFormat.Time(s.Time)}  {s.Host}  {string.Join(",", s.Tags)}  {string.Join(" ", s.Paths)}  {s.Files} files  {DisplayFormat.Bytes(s.Bytes)}");
            }
        }

        await context.Console.Out.WriteLineAsync($"{snapshots.Count} snapshot{(snapshots.Count == 1 ? "" : "s")}");
        return ExitCodes.Success;
    }
}
