using RetroGrid.Dropbox.Emulator;

var options = CommandLine.Parse(args, out var error);
if (options is null)
{
    var help = string.IsNullOrEmpty(error);
    await (help ? Console.Out : Console.Error).WriteLineAsync(help ? CommandLine.Usage : $"{error}\n\n{CommandLine.Usage}");
    return help ? 0 : 2;
}

await using var host = await DropboxEmulatorHost.StartAsync(options, CancellationToken.None);

// The URL is the first line of stdout: scripts and tests read it to find the port.
await Console.Out.WriteLineAsync(host.BaseAddress.ToString());
await Console.Out.FlushAsync();

// The host's console lifetime turns Ctrl+C and SIGTERM into a shutdown.
await host.WaitForShutdownAsync(CancellationToken.None);
return 0;
