using RetroGrid.Controller.Cli;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return await ControllerCli.RunAsync(args, Console.Out, Console.Error, cancellation.Token);
