using System.CommandLine;
using RetroGrid.Agent.Cli.Output;
using RetroGrid.Core.Backup;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary><c>backup PATH...</c>: stores a new snapshot; exit code 3 when some files could not be backed up.</summary>
internal static class BackupCommand
{
    public static Command Create(CommandRunner runner)
    {
        var paths = new Argument<string[]>("path") { Description = "Files or folders to back up.", Arity = ArgumentArity.OneOrMore };
        var tags = new Option<string[]>("--tag") { Description = "A tag to record in the snapshot (repeatable).", HelpName = "TAG" };
        var excludes = new Option<string[]>("--exclude")
        {
            Description = "Leave out entries matching GLOB (repeatable; without '/' it matches names, with '/' full paths).",
            HelpName = "GLOB",
        };
        var host = new Option<string?>("--host") { Description = "The host name to record (default: this machine's).", HelpName = "HOST" };
        var command = new Command("backup", "Back up files and folders into a new snapshot.") { paths, tags, excludes, host };
        runner.SetAction(command, (context, cancellationToken) =>
        {
            var request = new BackupRequest([.. context.GetValue(paths)!.Select(Path.GetFullPath)])
            {
                Host = context.GetValue(host) ?? Environment.MachineName,
                Tags = context.GetValue(tags) ?? [],
                Excludes = context.GetValue(excludes) ?? [],
            };
            return RunAsync(context, request, cancellationToken);
        });
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, BackupRequest request, CancellationToken cancellationToken)
    {
        foreach (var path in request.Paths.Where(p => !File.Exists(p) && !Directory.Exists(p)))
        {
            throw new CliException(AgentErrorCodes.PathNotFound, $"'{path}' does not exist.");
        }

        var set = await context.OpenSetAsync(cancellationToken);
        var engine = new BackupEngine(set);
        var result = await ProgressDisplay.RunAsync<BackupResult, BackupProgress>(
            context, "backup", progress => engine.RunAsync(request, progress, cancellationToken), Describe);

        var snapshot = result.Snapshot;
        var statistics = snapshot.Statistics;
        var warnings = snapshot.Warnings.Select(w => new WarningOutput(w.Path, w.Kind.ToString(), w.Message)).ToList();
        if (context.Json)
        {
            context.WriteJson(
                new BackupOutput(
                    SnapshotOutput.From(result.SnapshotName, snapshot), statistics.FilesNew, statistics.BytesNew, statistics.BytesUploaded,
                    statistics.DurationNs / 1e9, warnings),
                CliJsonContext.Default.BackupOutput);
        }
        else
        {
            var output = context.Console.Out;
            foreach (var warning in warnings)
            {
                await output.WriteLineAsync($"warning: {warning.Path}: {warning.Message}");
            }

            await output.WriteLineAsync(
                $"Snapshot {result.SnapshotName[..SnapshotOutput.ShortIdLength]} saved: {statistics.FilesScanned} files, {DisplayFormat.Bytes(statistics.BytesScanned)} " +
                $"scanned; {statistics.FilesNew} files and {DisplayFormat.Bytes(statistics.BytesNew)} new; {DisplayFormat.Bytes(statistics.BytesUploaded)} uploaded " +
                $"in {DisplayFormat.Duration(TimeSpan.FromTicks(statistics.DurationNs / 100))}.");
            if (warnings.Count > 0)
            {
                await output.WriteLineAsync($"{warnings.Count} path(s) could not be backed up completely; see the warnings above.");
            }
        }

        return warnings.Count > 0 ? ExitCodes.Warnings : ExitCodes.Success;
    }

    private static ProgressLine Describe(BackupProgress p) => new(
        p.FilesDone,
        p.EstimatedRemaining is null ? 0 : p.FilesScanned,
        $"{p.FilesDone}/{p.FilesScanned} files, {DisplayFormat.Bytes(p.BytesRead)} read, {DisplayFormat.Bytes(p.BytesNew)} new, " +
        $"{DisplayFormat.Bytes(p.BytesUploaded)} up, {DisplayFormat.Rate(p.BytesPerSecond)}, ETA {DisplayFormat.Duration(p.EstimatedRemaining)}");
}
