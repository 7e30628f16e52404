using RetroGrid.Quickstart;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

var work = args.Length > 0 ? args[0] : null;
return await QuickstartRun.RunAsync(work, Console.Out, cancellation.Token);
