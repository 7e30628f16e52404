using System.CommandLine;
using RetroGrid.Agent.Cli.Output;
using RetroGrid.Core.Restore;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary>
/// <c>restore SNAPSHOT --target DIR</c>: restores a snapshot (or the paths matching --include). Exit code 1 when some
/// entries could not be restored (each is listed), 3 when all data came back but some metadata or entries were skipped.
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(CommandRunner runner)
    {
        var snapshot = new Argument<string>("snapshot") { Description = "Snapshot id, unique id prefix, or 'latest'." };
        var target = new Option<string>("--target") { Description = "The folder to restore into (created if missing).", HelpName = "DIR", Required = true };
        var includes = new Option<string[]>("--include")
        {
            Description = "Restore only paths matching GLOB, starting with a backed-up folder's name (repeatable).",
            HelpName = "GLOB",
        };
        var existing = new Option<string>("--existing")
        {
            Description = "What to do with files that already exist at the target.",
            HelpName = "POLICY",
            DefaultValueFactory = _ => "skip-identical",
        };
        existing.AcceptOnlyFromAmong("skip-identical", "overwrite", "keep-both");
        var command = new Command("restore", "Restore a snapshot into a folder.") { snapshot, target, includes, existing };
        runner.SetAction(command, (context, cancellationToken) => RunAsync(
            context, context.GetValue(snapshot)!, Path.GetFullPath(context.GetValue(target)!), context.GetValue(includes) ?? [],
            ParsePolicy(context.GetValue(existing)), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(
        CommandContext context, string snapshotId, string target, string[] includes, ExistingFilePolicy policy, CancellationToken cancellationToken)
    {
        var set = await context.OpenSetAsync(cancellationToken);
        var (name, _) = await SnapshotResolver.ResolveAsync(set, snapshotId, cancellationToken);
        var engine = new RestoreEngine(set);
        var request = new RestoreRequest(name, target) { Includes = includes, ExistingFiles = policy };
        var result = await ProgressDisplay.RunAsync<RestoreResult, RestoreProgress>(
            context, "restore", progress => engine.RunAsync(request, progress, cancellationToken), Describe);

        if (context.Json)
        {
            context.WriteJson(
                new RestoreOutput(name, target, result.Files, result.Directories, result.Bytes, result.Warnings, result.Failures),
                CliJsonContext.Default.RestoreOutput);
        }
        else
        {
            var output = context.Console.Out;
            foreach (var warning in result.Warnings)
            {
                await output.WriteLineAsync($"warning: {warning}");
            }

            foreach (var failure in result.Failures)
            {
                await output.WriteLineAsync($"not restored: {failure}");
            }

            await output.WriteLineAsync(
                $"Restored {result.Files} files, {result.Directories} directories, {DisplayFormat.Bytes(result.Bytes)} from {name[..SnapshotOutput.ShortIdLength]} to {target}.");
        }

        if (!result.IsComplete)
        {
            // With --json the result document above already lists the failures; the exit code tells the script.
            return context.Json
                ? ExitCodes.Failed
                : ErrorReporter.Write(context.Console, json: false, AgentErrorCodes.RestoreIncomplete, $"{result.Failures.Count} entries were not restored.", ExitCodes.Failed);
        }

        return result.Warnings.Count > 0 ? ExitCodes.Warnings : ExitCodes.Success;
    }

    private static ExistingFilePolicy ParsePolicy(string? value) => value switch
    {
        "overwrite" => ExistingFilePolicy.Overwrite,
        "keep-both" => ExistingFilePolicy.KeepBoth,
        _ => ExistingFilePolicy.SkipIdentical,
    };

    private static ProgressLine Describe(RestoreProgress p) => new(
        p.BytesDone,
        p.BytesTotal,
        $"{p.FilesDone}/{p.FilesTotal} files, {DisplayFormat.Bytes(p.BytesDone)}/{DisplayFormat.Bytes(p.BytesTotal)}, " +
        $"{DisplayFormat.Rate(p.BytesPerSecond)}, ETA {DisplayFormat.Duration(p.EstimatedRemaining)}");
}
