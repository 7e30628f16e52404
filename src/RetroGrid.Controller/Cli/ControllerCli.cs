using System.CommandLine;
using RetroGrid.Controller.Hosting;

namespace RetroGrid.Controller.Cli;

/// <summary>
/// `retrogrid-controller init --data-dir DIR [--host NAME]…` and `retrogrid-controller run --data-dir DIR [--port P]`.
/// Failures print their RetroGrid code, message and next step on stderr and exit 1 (2 for a bad command line).
/// </summary>
internal static class ControllerCli
{
    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter stderr, CancellationToken cancellationToken)
    {
        var dataDir = new Option<string>("--data-dir") { Description = "The controller's data directory.", Required = true };
        var hosts = new Option<string[]>("--host") { Description = "Extra names or addresses agents reach the controller by (for its TLS certificate)." };
        var port = new Option<int>("--port") { Description = "TCP port (0 picks a free one).", DefaultValueFactory = _ => 7443 };
        var listen = new Option<string>("--listen") { Description = "Address to listen on.", DefaultValueFactory = _ => "127.0.0.1" };

        var init = new Command("init", "Create a controller: data directory, catalog, CA, key-encryption key, first admin credential.") { dataDir, hosts };
        init.SetAction(async (parse, token) => await GuardAsync(stderr, async () =>
        {
            var directory = parse.GetValue(dataDir)!;
            await ControllerInitializer.InitAsync(new ControllerPaths(directory), parse.GetValue(hosts) ?? [], TimeProvider.System, token);
            var paths = new ControllerPaths(directory);
            await stdout.WriteLineAsync($"Controller created in {paths.Root}.");
            await stdout.WriteLineAsync($"The admin credential is in {paths.AdminCredential} (readable by you only); agents trust {paths.CaCertificate}.");
        }));

        var run = new Command("run", "Serve agents and rgctl.") { dataDir, port, listen };
        run.SetAction(async (parse, token) => await GuardAsync(stderr, async () =>
        {
            var options = new ControllerOptions { DataDir = parse.GetValue(dataDir)!, Port = parse.GetValue(port), ListenAddress = parse.GetValue(listen)! };
            await using var host = await ControllerHost.StartAsync(options, token);
            await stdout.WriteLineAsync(host.BaseAddress.ToString());
            await stdout.FlushAsync(token);
            try
            {
                await host.WaitForShutdownAsync(token);
            }
            catch (OperationCanceledException) when (token.IsCancellationRequested)
            {
                // Ctrl+C: a clean stop.
            }
        }));

        var root = new RootCommand("RetroGrid controller: backup sets, Dropbox credentials, catalog and jobs for a fleet of agents.") { init, run };
        var parsed = root.Parse(args);
        if (parsed.Errors.Count > 0)
        {
            await stderr.WriteLineAsync(string.Join(" ", parsed.Errors.Select(e => e.Message)));
            return 2;
        }

        return await parsed.InvokeAsync(new InvocationConfiguration { Output = stdout, Error = stderr, EnableDefaultExceptionHandler = false }, cancellationToken);
    }

    private static async Task<int> GuardAsync(TextWriter stderr, Func<Task> action)
    {
        try
        {
            await action();
            return 0;
        }
        catch (ControllerException ex)
        {
            await stderr.WriteLineAsync($"{ex.Code.Code} {ex.Code.Name}: {ex.Message}");
            await stderr.WriteLineAsync($"Next step: {ex.Code.NextStep}");
            return 1;
        }
    }
}
