using System.CommandLine;
using System.CommandLine.Parsing;
using System.Globalization;
using RetroGrid.Agent.Cli.Output;
using RetroGrid.Core.Check;

namespace RetroGrid.Agent.Cli.Commands;

/// <summary><c>check [--read-data] [--read-data-subset 10%]</c>: verifies the set; exit code 4 when damage is found.</summary>
internal static class CheckCommand
{
    public static Command Create(CommandRunner runner)
    {
        var readData = new Option<bool>("--read-data") { Description = "Also download every pack and verify every blob in it." };
        var subset = new Option<double?>("--read-data-subset")
        {
            Description = "Download and verify a random part of the packs, e.g. 10% or 0.1.",
            HelpName = "N%",
            CustomParser = ParseFraction,
        };
        var command = new Command("check", "Check the backup set for missing or damaged objects.") { readData, subset };
        runner.SetAction(command, (context, cancellationToken) => RunAsync(context, context.GetValue(readData), context.GetValue(subset), cancellationToken));
        return command;
    }

    private static async Task<int> RunAsync(CommandContext context, bool readData, double? subset, CancellationToken cancellationToken)
    {
        var set = await context.OpenSetAsync(cancellationToken);
        var options = new SetCheckOptions { ReadData = readData || subset is not null, ReadDataFraction = subset ?? 1.0 };
        var checker = new SetChecker(set, options);
        var report = await ProgressDisplay.RunAsync<CheckReport, Box<CheckProgress>>(
            context, "check", progress => checker.RunAsync(new BoxingProgress<CheckProgress>(progress), cancellationToken), Describe);

        if (context.Json)
        {
            context.WriteJson(report, CliJsonContext.Default.CheckReport);
            return report.IsClean ? ExitCodes.Success : ExitCodes.Damaged;
        }

        var output = context.Console.Out;
        foreach (var problem in report.Problems)
        {
            await output.WriteLineAsync($"{problem.Area.ToString().ToLowerInvariant()}: {problem.ObjectName}: {problem.Message}");
        }

        await output.WriteLineAsync(string.Create(
            CultureInfo.InvariantCulture,
            $"Checked {report.Snapshots} snapshots, {report.Trees} trees, {report.DataBlobs} data blobs, {report.Packs} packs, {report.IndexFiles} index files; read {report.PacksRead} packs ({DisplayFormat.Bytes(report.BytesRead)})."));
        if (report.IsClean)
        {
            await output.WriteLineAsync(options.ReadData ? "No problems found." : "No problems found (pack contents not read; add --read-data to verify them).");
            return ExitCodes.Success;
        }

        return ErrorReporter.Write(
            context.Console, json: false, AgentErrorCodes.DamageFound, $"{report.Problems.Count} problem(s) found; see the list above.", ExitCodes.Damaged);
    }

    private static ProgressLine Describe(Box<CheckProgress> box)
    {
        var p = box.Value;
        var what = p.Phase switch
        {
            CheckArea.Storage => "packs listed",
            CheckArea.Structure => "snapshots",
            _ => $"packs read ({DisplayFormat.Bytes(p.BytesRead)})",
        };
        return new ProgressLine(p.Done, p.Total, $"{p.Phase.ToString().ToLowerInvariant()}: {p.Done}/{p.Total} {what}");
    }

    private static double? ParseFraction(ArgumentResult result)
    {
        var text = result.Tokens.Count == 1 ? result.Tokens[0].Value.Trim() : string.Empty;
        var percent = text.EndsWith('%');
        if (double.TryParse(percent ? text[..^1] : text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
        {
            var fraction = percent ? value / 100 : value;
            if (fraction > 0 && fraction <= 1)
            {
                return fraction;
            }
        }

        result.AddError($"--read-data-subset takes a percentage in (0%, 100%] or a fraction in (0, 1], not '{text}'.");
        return null;
    }
}
