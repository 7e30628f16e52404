using RetroGrid.Agent.Cli;

// Ctrl+C cancels the running command; the engines stop at a consistent point and the command exits with 130.
using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    // A second Ctrl+C ends the process at once, for when stopping cleanly takes too long.
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return await CliApplication.RunAsync(args, CliConsole.FromProcess(), cancellation.Token);
