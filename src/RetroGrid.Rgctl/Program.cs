using RetroGrid.Rgctl;

using var cancellation = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    if (!cancellation.IsCancellationRequested)
    {
        e.Cancel = true;
        cancellation.Cancel();
    }
};

return await RgctlApplication.RunAsync(args, Console.Out, Console.Error, Console.In, cancellation.Token);
